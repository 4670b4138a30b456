"""Fields render as GOV.UK form groups through the form renderer
(core.forms.GovukFormRenderer): as_field_group, with GOV.UK widget templates."""

import datetime
import re

from django import forms

from core.forms import DateInput, GovukDateField


class UpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="How is it going?",
        choices=[("a", "Fine"), ("b", "Late")],
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
    )
    narrative = forms.CharField(label="What happened?", help_text="Say what is next.", widget=forms.Textarea)
    when = GovukDateField(label="Date of the update", help_text="For example, 27 3 2026")
    reference = forms.CharField(
        label="Reference", required=False, widget=forms.TextInput(attrs={"class": "govuk-input--width-10"})
    )
    count = forms.IntegerField(label="Count", required=False)
    agree = forms.BooleanField(label="I agree", help_text="You must.", required=False)


class FilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False)
    due_after = forms.DateField(label="Due on or after", required=False, widget=DateInput)
    plan = forms.ChoiceField(label="Plan", choices=[("", "All plans"), ("1", "One")], required=False)


def tag(html: str, element: str, **attrs) -> str:
    """The first <element ...> start tag whose attributes include attrs."""
    for match in re.finditer(rf"<{element}\b[^>]*>", html):
        if all(f'{key}="{value}"' in match.group(0) for key, value in attrs.items()):
            return match.group(0)
    raise AssertionError(f"no <{element}> with {attrs} in {html}")


def test_a_field_has_its_label_hint_and_error_and_its_input_is_described_by_them():
    form = UpdateForm({})
    html = form["narrative"].as_field_group()

    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert '<label class="govuk-label govuk-label--s" for="id_narrative">What happened?</label>' in html
    assert '<div id="id_narrative-hint" class="govuk-hint">Say what is next.</div>' in html
    assert 'id="id_narrative-error" class="govuk-error-message"' in html
    assert '<span class="govuk-visually-hidden">Error:</span> This field is required.' in html
    textarea = tag(html, "textarea", name="narrative")
    assert 'class="govuk-textarea govuk-textarea--error"' in textarea
    assert 'aria-describedby="id_narrative-hint id_narrative-error"' in textarea
    assert 'aria-invalid="true"' in textarea


def test_an_optional_field_says_so_and_keeps_the_class_of_its_widget():
    html = UpdateForm()["reference"].as_field_group()

    assert ">Reference (optional)</label>" in html
    assert 'class="govuk-input govuk-input--width-10"' in tag(html, "input", name="reference")
    assert "aria-describedby" not in html


def test_the_fields_of_a_form_where_all_are_optional_do_not_say_so():
    form = FilterForm()

    for name in form.fields:
        assert "(optional)" not in form[name].as_field_group()
    assert 'class="govuk-input govuk-input--width-10"' in tag(form["due_after"].as_field_group(), "input", type="date")
    assert 'class="govuk-select"' in form["plan"].as_field_group()


def test_radios_are_a_fieldset_described_by_the_error_with_the_widget_class_on_the_container():
    html = UpdateForm({})["status"].as_field_group()

    fieldset = tag(html, "fieldset")
    assert 'aria-describedby="id_status-error"' in fieldset and "role=" not in fieldset
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How is it going?</legend>' in html
    assert '<div class="govuk-radios govuk-radios--small" data-module="govuk-radios">' in html
    first = tag(html, "input", id="id_status_0")
    assert 'class="govuk-radios__input"' in first and 'value="a"' in first and "aria-describedby" not in first
    assert '<label class="govuk-label govuk-radios__label" for="id_status_0">Fine</label>' in html


def test_the_date_input_is_a_group_whose_day_box_has_the_field_id():
    form = UpdateForm({"when_day": "9", "when_month": "Mar", "when_year": ""})
    html = form["when"].as_field_group()

    assert 'role="group" aria-describedby="id_when-hint id_when-error"' in tag(html, "fieldset")
    day = tag(html, "input", name="when_day")
    assert 'id="id_when"' in day and 'value="9"' in day and 'inputmode="numeric"' in day
    assert set(re.search(r'class="([^"]+)"', day).group(1).split()) == {
        "govuk-input", "govuk-input--error", "govuk-date-input__input", "govuk-input--width-2"
    }  # fmt: skip
    assert 'id="id_when_month"' in tag(html, "input", name="when_month")
    assert "govuk-input--width-4" in tag(html, "input", name="when_year")
    assert '<label class="govuk-label govuk-date-input__label" for="id_when">Day</label>' in html


def test_the_date_input_shows_the_initial_date():
    html = UpdateForm(initial={"when": datetime.date(2026, 3, 27)})["when"].as_field_group()

    assert 'value="27"' in tag(html, "input", name="when_day")
    assert 'value="2026"' in tag(html, "input", name="when_year")


def test_a_single_checkbox_is_labelled_after_its_box():
    html = UpdateForm()["agree"].as_field_group()

    box = tag(html, "input", type="checkbox")
    assert 'class="govuk-checkboxes__input"' in box and 'aria-describedby="id_agree-hint"' in box
    assert html.index("<input") < html.index(
        '<label class="govuk-label govuk-checkboxes__label" for="id_agree">I agree</label>'
    )
    assert '<div id="id_agree-hint" class="govuk-hint govuk-checkboxes__hint">You must.</div>' in html
    assert "(optional)" not in html


def test_a_widget_with_no_govuk_template_keeps_django_markup():
    html = UpdateForm()["count"].as_field_group()

    assert 'type="number"' in tag(html, "input", name="count")
    assert "govuk-input" not in tag(html, "input", name="count")


def test_a_field_rendered_on_its_own_keeps_django_markup_as_in_the_admin():
    html = str(UpdateForm({})["narrative"])

    assert "govuk-" not in html
    assert 'aria-describedby="id_narrative_helptext id_narrative_error"' in html
