"""The indicator list's filters: by plan (only plans the user may read: any
other is an error on the form, not a leak) and by status against target.

The plan narrows the query; the status is worked out from the figures, not
stored, so the view applies it to them (`keeps`)."""

import django_filters
from django.db.models import Q

from actions.models import Indicator
from plans.models import Plan

from .status import IndicatorStatus


class IndicatorFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.none(), method="of_plan", empty_label="All plans")
    status = django_filters.ChoiceFilter(
        label="Status", choices=IndicatorStatus.choices, method="any_status", empty_label="Any status"
    )

    class Meta:
        model = Indicator
        fields = ["plan", "status"]

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["plan"].queryset = Plan.objects.visible_to(user).order_by("title")

    def of_plan(self, queryset, name, plan):
        """The indicators the plan's actions or themes work towards."""
        return queryset.filter(pk__in=queryset.model.objects.filter(Q(actions__plan=plan) | Q(themes__plan=plan)))

    def any_status(self, queryset, name, status):
        return queryset  # applied to the figures by `keeps`

    def keeps(self, figures) -> bool:
        """Whether an indicator's figures pass the status filter."""
        status = self.form.cleaned_data.get("status") if self.form.is_valid() else None
        return not status or figures.status == status
