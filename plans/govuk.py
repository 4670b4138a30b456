"""Form pieces following the GOV.UK Design System, shared by every app."""

import calendar
import datetime

from django import forms

_MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9


class DateInputs(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input)."""

    template_name = "includes/widgets/date_input.html"

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__(
            {"day": forms.TextInput(numeric), "month": forms.TextInput({"autocomplete": "off"}), "year": forms.TextInput(numeric)},
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The day box carries the field's own id, so that labels and the error
        # summary's link land on it.
        field_id = context["widget"]["attrs"].get("id")
        for part, subwidget in zip(["day", "month", "year"], context["widget"]["subwidgets"]):
            subwidget["part"] = part.capitalize()
            if field_id:
                subwidget["attrs"]["id"] = field_id if part == "day" else f"{field_id}_{part}"
        return context

    def id_for_label(self, id_):
        return id_


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year; the month may be a number or a name
    ("3", "Mar", "March"). Errors say which part is missing or wrong."""

    widget = DateInputs

    def __init__(self, *, not_in_future: bool = False, **kwargs):
        self.not_in_future = not_in_future
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        for part in parts:
            part.required = False
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def clean(self, value):
        # MultiValueField's own "required" message is generic; name the field instead.
        if self.required and (not value or not any(str(part or "").strip() for part in value)):
            raise forms.ValidationError(f"Enter the {self.label.lower()}", code="required")
        return super().clean(value)

    def compress(self, values):
        day, month, year = (str(value or "").strip() for value in (values or ["", "", ""]))
        if not (day or month or year):
            return None
        what = self.label.capitalize()
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"{what} must include a {' and a '.join(missing)}", code="incomplete")
        month_number = int(month) if month.isdigit() else _MONTH_NAMES.get(month.lower().rstrip("."))
        if not (day.isdigit() and year.isdigit() and month_number):
            raise forms.ValidationError(f"{what} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid")
        try:
            date = datetime.date(int(year), month_number, int(day))
        except ValueError:
            raise forms.ValidationError(f"{what} must be a real date", code="invalid") from None
        if self.not_in_future and date > datetime.date.today():
            raise forms.ValidationError(f"{what} must be today or in the past", code="future")
        return date
