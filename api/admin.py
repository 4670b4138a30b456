"""Admins make and revoke API keys in the Django admin (only admins use it:
plans.models.Membership.save). Making a key shows it once, on the page that
answers the form, and keeps only its hash; nothing else ever shows it.
A key's scope is fixed when it is made: for another scope, make a new key
and revoke the old. Keys are revoked, never deleted, so the list keeps who
made each one and when it was last used."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone

from .keys_access import officer_plans
from .models import PREFIX, ApiKey


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["name", "organisation", "plans", "expires_at"]

    def clean(self):
        cleaned = super().clean()
        organisation, plans = cleaned.get("organisation"), cleaned.get("plans")
        if organisation and plans:
            readable = set(
                officer_plans(organisation.pk).filter(pk__in=[p.pk for p in plans]).values_list("pk", flat=True)
            )
            unreadable = [plan.title for plan in plans if plan.pk not in readable]
            if unreadable:
                raise ValidationError(
                    {
                        "plans": f"An officer of {organisation} does not read {', '.join(unreadable)}; "
                        "a key reads no more than its organisation's officers."
                    }
                )
        expires_at = cleaned.get("expires_at")
        if expires_at and expires_at <= timezone.now():
            self.add_error("expires_at", "Choose a moment in the future.")
        return cleaned


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "key_start", "organisation", "state", "expires_at", "last_used_at", "created_by"]
    search_fields = ["name", "prefix", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["plans"]
    actions = ["revoke"]
    readonly_metadata = ["key_start", "state", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "created_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["organisation", "plans", "expires_at", *self.readonly_metadata]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "organisation", "plans", "expires_at"]
        return ["name", "key_start", "state", "organisation", "plans", "expires_at", *self.readonly_metadata[2:]]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="key")
    def key_start(self, api_key):
        return f"{PREFIX}{api_key.prefix}_…"

    @admin.display(description="state")
    def state(self, api_key):
        return api_key.state()

    def save_model(self, request, obj, form, change):
        if not change:
            # The whole key lives only on this request, for response_add.
            request.new_api_key = obj.issue()
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The one page that shows the key: not a redirect and not a message,
        so that the key is never stored, not even in the session."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Copy the new API key",
            "api_key": obj,
            "key": request.new_api_key,
        }
        return TemplateResponse(request, "api/apikey_created.html", context)

    @admin.action(description="Revoke the selected API keys")
    def revoke(self, request, queryset):
        now = timezone.now()
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=now)
        self.message_user(request, f"Revoked {count} API key{'s' if count != 1 else ''}.", messages.SUCCESS)
