"""Form pieces following the GOV.UK Design System, shared by every app.

Every form renders through GovukFormRenderer (settings.FORM_RENDERER):
`{{ form.title.as_field_group }}` (or `{{ field.as_field_group }}` in a loop)
gives the GOV.UK form group of core/templates/govuk/field.html, whose widget
is drawn by its GOV.UK template in core/templates/govuk/widgets/. Those stand
in for Django's own widget templates of the same name only there:
`{{ form.title }}`, and so the admin, keep Django's markup.
"""

import calendar
import copy
import datetime

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.template import TemplateDoesNotExist

DATE_ERRORS = {"invalid": "Enter a real date, like 31/03/2027"}

_MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9


class GovukBoundField(BoundField):
    """A bound field that renders, with as_field_group, as a GOV.UK form group.

    What it adds is only used there, so forms rendered otherwise (the admin's)
    are unchanged: the GOV.UK hint and error message ids, which the input (or
    the fieldset) is described by; whether the label says "(optional)"; and
    the widget drawn by its GOV.UK template.
    """

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def govuk_describedby(self) -> str:
        """The ids of the hint and the error message, those there are."""
        return " ".join(id_ for id_, shown in ((self.hint_id, self.help_text), (self.error_id, self.errors)) if shown)

    @property
    def marked_optional(self) -> bool:
        """Whether the label ends "(optional)": the field is not required, but
        some visible field of its form is. On a form whose fields are all
        optional, like a filter form, saying so on each would be noise."""
        return not self.field.required and any(
            field.required for field in self.form.fields.values() if not field.widget.is_hidden
        )

    @property
    def is_checkbox(self) -> bool:
        """A single checkbox (a BooleanField's) is labelled after its box, not above it."""
        return isinstance(self.field.widget, forms.CheckboxInput)

    def as_govuk_widget(self) -> str:
        """The widget, rendered by BoundField.as_widget with the GOV.UK template
        that stands in for its Django one (govuk/widgets/text.html for
        django/forms/widgets/text.html), or with its own where there is none.
        A widget in a fieldset leaves aria-describedby to the fieldset."""
        widget = copy.copy(self.field.widget)
        govuk_template = widget.template_name.replace("django/forms/widgets/", "govuk/widgets/", 1)
        try:
            self.form.renderer.get_template(govuk_template)
            widget.template_name = govuk_template
        except TemplateDoesNotExist:
            pass
        describedby = None if self.use_fieldset else self.govuk_describedby
        return self.as_widget(widget, {"aria-describedby": describedby} if describedby else None)


class GovukFormRenderer(TemplatesSetting):
    """Django's form renderer, with GOV.UK form groups. Loads templates as the
    site does (TemplatesSetting: Django's own ones need "django.forms" in
    INSTALLED_APPS)."""

    field_template_name = "govuk/field.html"
    bound_field_class = GovukBoundField


class DateInput(forms.DateInput):
    """The browser's own date box (<input type="date">), as the filters use."""

    input_type = "date"


class DateInputs(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input), in a fieldset whose
    role is "group"."""

    template_name = "govuk/widgets/date_inputs.html"
    fieldset_role = "group"

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric", "autocomplete": "off"}
        narrow, wide = "govuk-date-input__input govuk-input--width-2", "govuk-date-input__input govuk-input--width-4"
        super().__init__(
            {
                "day": forms.TextInput({"class": narrow, **numeric}),
                "month": forms.TextInput({"class": narrow, "autocomplete": "off"}),
                "year": forms.TextInput({"class": wide, **numeric}),
            },
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
        for part, subwidget in zip(["day", "month", "year"], context["widget"]["subwidgets"], strict=True):
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
