"""Owners on an import's preview: which organisations each owners text of
the file will link, and saving an alias where it links none, so that this
import and the council's next link it."""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.access import check_perm
from plans.models import Organisation, OrganisationAlias
from plans.names import normalise_name

from .models import ImportRecord
from .owners import OwnerMatcher, OwnersLink
from .services import import_record_expire_if_stale, owner_of, why_not_confirmable

OWNERS_SHOWN = 100
ALIAS_LENGTH = OrganisationAlias._meta.get_field("alias").max_length


@dataclass
class OwnersPreview:
    links: list[OwnersLink]  # the texts that link none first
    organisations: list[Organisation]  # to choose from
    plan_owner: Organisation | None
    unlinked: int = 0
    shown: list[OwnersLink] = field(default_factory=list)

    @property
    def more(self) -> int:
        return len(self.links) - len(self.shown)


def owners_preview(record: ImportRecord) -> OwnersPreview | None:
    """For a preview whose owners column will link its new actions: each owners
    text and the organisations it links, with the current aliases."""
    fields = set(record.mapping.values())
    # A column of owner organisations links them itself (its problems say which it cannot find).
    if record.status != ImportRecord.Status.PREVIEWED or "owners" not in fields or "owner_organisations" in fields:
        return None
    texts = record.counts.get("owner_texts")  # kept by the check: imports/services.py
    if not texts:
        return None
    plan_owner = owner_of(record)
    matcher = OwnerMatcher.load(plan_owner_id=plan_owner.pk if plan_owner else None)
    links = [OwnersLink(text, matcher.organisations_in(text), rows) for text, rows in texts]
    links.sort(key=lambda link: link.linked)  # stable: in file order within each
    return OwnersPreview(
        links=links,
        organisations=matcher.organisations,
        plan_owner=plan_owner,
        unlinked=sum(not link.linked for link in links),
        shown=links[:OWNERS_SHOWN],
    )


class OwnerAliasForm(forms.Form):
    alias = forms.CharField(
        required=True,
        strip=True,
        error_messages={"required": "Write the words that name the organisation, like “Children's Services”."},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        error_messages={
            "required": "Choose the organisation these owners are.",
            "invalid_choice": "Choose an organisation from the list: the one chosen does not exist, or no longer does.",
        },
    )

    def __init__(self, *args, plan_owner: Organisation | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_owner = plan_owner

    def clean_alias(self):
        alias = self.cleaned_data["alias"]
        if len(alias) > ALIAS_LENGTH:
            raise forms.ValidationError(
                f"“{alias[:60]}…” is too long for an alias: keep it to {ALIAS_LENGTH} characters, "
                "the words that name the organisation, like “Children's Services”."
            )
        if not normalise_name(alias):
            raise forms.ValidationError(f"“{alias}” has no letters or numbers to name an organisation by.")
        return alias

    def clean(self):
        alias, chosen = self.cleaned_data.get("alias"), self.cleaned_data.get("organisation")
        if alias and chosen:
            matcher = OwnerMatcher.load(plan_owner_id=self.plan_owner.pk if self.plan_owner else None)
            named = matcher.organisation_named(alias)
            if named is not None and named != chosen:
                raise forms.ValidationError(
                    f"“{alias}” already names {named}. Choose {named}, or write other words for {chosen}."
                )
        return self.cleaned_data


@login_required
@require_POST
def import_owner_alias(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the words of an owners text as an alias of the organisation the
    admin chose, for the plans of the import's council."""
    check_perm(request, "plans.import_plan", None)
    record = import_record_expire_if_stale(get_object_or_404(ImportRecord.objects.select_related("plan"), pk=pk))
    back = reverse("import-detail", args=[record.pk]) + "#owners"
    if record.status != ImportRecord.Status.PREVIEWED:
        messages.error(request, why_not_confirmable(record))
        return redirect(back)
    plan_owner = owner_of(record)
    form = OwnerAliasForm(request.POST, plan_owner=plan_owner)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    alias, organisation = form.cleaned_data["alias"], form.cleaned_data["organisation"]
    where = f"the plans of {plan_owner}" if plan_owner else "every plan"
    try:
        with transaction.atomic():
            saved, created = OrganisationAlias.objects.get_or_create(
                used_by=plan_owner, alias=normalise_name(alias), defaults={"organisation": organisation}
            )
    except IntegrityError:  # saved by another admin at the same moment
        saved, created = OrganisationAlias.objects.get(used_by=plan_owner, alias=normalise_name(alias)), False
    if saved.organisation_id != organisation.pk:
        messages.error(
            request,
            f"“{alias}” is already saved as an alias of {saved.organisation} in {where}. "
            "An admin can change it in the admin, under Organisations.",
        )
    elif created:
        messages.success(
            request,
            f"“{alias}” now links {organisation} in {where}: here, and in the next import.",
        )
    else:
        messages.success(request, f"“{alias}” already links {organisation} in {where}.")
    return redirect(back)
