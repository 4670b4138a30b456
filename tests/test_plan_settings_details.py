"""A plan's details on its settings page: title, period, dates, status,
partnership, published or not, approval on or off and the accessibility
contact, changed by admins and the lead officers of the organisation that
owns the plan, each change kept in the plan's history."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.models import Membership, Organisation, Plan
from plans.services import plan_details_save
from tests.builders import make_organisation


def details_url(plan) -> str:
    return reverse("plan-settings-details", args=[plan.slug])


def details(**fields) -> dict:
    """What the form posts for plan A, changed by `fields`."""
    data = {
        "title": "Lincolnshire Child Poverty Plan",
        "period": "2024 to 2027",
        "starts_on_day": "1",
        "starts_on_month": "4",
        "starts_on_year": "2024",
        "ends_on_day": "31",
        "ends_on_month": "3",
        "ends_on_year": "2027",
        "status": "active",
        "partnership": "",
        "accessibility_contact": "access@lincolnshire.gov.uk",
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_settings_page_shows_the_plans_details_and_links_to_change_them(client, world):
    client.force_login(world.admin)

    page = page_text(client.get(reverse("plan-settings", args=[world.plan_a.slug])))

    assert "Plan details" in page
    assert "Children's Partnership" in page
    assert "No: each update shows once it is saved" in page
    assert details_url(world.plan_a) in page


def test_the_form_starts_with_the_plans_details(client, world):
    world.plan_a.period = "April 2012"
    world.plan_a.save()
    client.force_login(world.admin)

    page = page_text(client.get(details_url(world.plan_a)))

    assert 'value="Lincolnshire Plan"' in page
    assert 'value="April 2012"' in page
    assert "Anyone may read this plan without signing in" in page.replace("anyone", "Anyone")
    assert "only their approved updates" in page


def test_an_admin_changes_every_detail(client, world):
    client.force_login(world.admin)

    response = client.post(
        details_url(world.plan_a),
        details(
            partnership=str(world.partnership.pk),
            status="closed",
            is_public="on",
            approval_required="on",
        ),
    )

    assert response.status_code == 302
    assert response.url == reverse("plan-settings", args=[world.plan_a.slug])
    plan = Plan.objects.get(pk=world.plan_a.pk)
    assert plan.title == "Lincolnshire Child Poverty Plan"
    assert plan.period == "2024 to 2027"
    assert plan.starts_on == datetime.date(2024, 4, 1)
    assert plan.ends_on == datetime.date(2027, 3, 31)
    assert plan.status == Plan.Status.CLOSED
    assert plan.partnership == world.partnership
    assert plan.is_public is True
    assert plan.approval_required is True
    assert plan.accessibility_contact == "access@lincolnshire.gov.uk"


def test_leaving_the_boxes_unticked_unpublishes_and_turns_approval_off(client, world):
    world.plan_a.is_public = world.plan_a.approval_required = True
    world.plan_a.save()
    client.force_login(world.admin)

    client.post(details_url(world.plan_a), details())

    plan = Plan.objects.get(pk=world.plan_a.pk)
    assert (plan.is_public, plan.approval_required) == (False, False)


def test_the_dates_and_the_partnership_may_be_left_empty(client, world):
    client.force_login(world.admin)

    client.post(
        details_url(world.plan_a),
        details(
            starts_on_day="", starts_on_month="", starts_on_year="", ends_on_day="", ends_on_month="", ends_on_year=""
        ),
    )

    plan = Plan.objects.get(pk=world.plan_a.pk)
    assert (plan.starts_on, plan.ends_on, plan.partnership) == (None, None, None)


def test_a_saved_change_says_so(client, world):
    client.force_login(world.admin)

    response = client.post(details_url(world.plan_a), details(), follow=True)

    assert "The plan's details are saved." in page_text(response)


ERRORS = {
    "title": ({"title": ""}, "Enter the plan's title"),
    "period": ({"period": "x" * 101}, "The period must be 100 characters or fewer"),
    "starts_on": ({"starts_on_month": ""}, "Date the plan starts must include a month"),
    "ends_on": ({"ends_on_year": "2023"}, "The plan cannot end before it starts."),
    "status": ({"status": None}, "Choose the plan's status"),
    "partnership": (None, "Choose a partnership from the list"),
    "accessibility_contact": (
        {"accessibility_contact": "x" * 301},
        "The accessibility contact must be 300 characters or fewer",
    ),
}


@pytest.mark.parametrize("field", ERRORS)
def test_a_mistake_names_its_field_and_changes_nothing(client, world, field):
    changes, message = ERRORS[field]
    # A council is not a partnership: only partnerships are offered.
    changes = changes if changes is not None else {"partnership": str(world.lincs.pk)}
    before = Plan.objects.filter(pk=world.plan_a.pk).values().get()
    client.force_login(world.admin)

    response = client.post(details_url(world.plan_a), details(**changes))

    assert response.status_code == 200
    page = page_text(response)
    assert page.count(message) == 2  # in the error summary, and beside the field
    assert f'href="#id_{field}' in page  # the field's box, or its first choice (id_status_0)
    assert Plan.objects.filter(pk=world.plan_a.pk).values().get() == before


def test_the_service_saves_nothing_when_one_detail_is_wrong(world):
    plan = Plan.objects.get(pk=world.plan_a.pk)

    with pytest.raises(ValidationError) as refused:
        plan_details_save(plan=plan, title="New title", partnership=world.lincs)

    assert "partnership" in refused.value.message_dict
    assert Plan.objects.get(pk=world.plan_a.pk).title == "Lincolnshire Plan"


def test_the_service_changes_only_the_plans_details(world):
    with pytest.raises(TypeError):
        plan_details_save(plan=world.plan_a, slug="elsewhere")


def test_each_change_is_kept_in_the_plans_history_with_who_made_it(client, world):
    client.force_login(world.lead)

    client.post(details_url(world.plan_a), details(approval_required="on"))

    latest, before = world.plan_a.history.all()[:2]
    assert (before.title, before.approval_required) == ("Lincolnshire Plan", False)
    assert (latest.title, latest.approval_required) == ("Lincolnshire Child Poverty Plan", True)
    assert latest.history_user == world.lead


def test_the_lead_officer_of_the_owning_organisation_changes_the_details(client, world):
    client.force_login(world.lead)

    response = client.post(details_url(world.plan_a), details(is_public="on"))

    assert response.status_code == 302
    assert Plan.objects.get(pk=world.plan_a.pk).is_public is True


def test_a_lead_officer_of_another_organisation_in_the_partnership_is_refused(client, world, make_user):
    jobcentre_lead = make_user("jobcentre-lead", Membership.Role.LEAD, world.jobcentre)
    client.force_login(jobcentre_lead)

    response = client.post(details_url(world.plan_a), details(is_public="on"))

    assert response.status_code == 403
    assert Plan.objects.get(pk=world.plan_a.pk).is_public is False


def test_a_lead_officer_of_an_organisation_outside_the_plan_learns_nothing(client, world, make_user):
    thurrock_lead = make_user("thurrock-lead", Membership.Role.LEAD, world.thurrock)
    client.force_login(thurrock_lead)

    response = client.post(details_url(world.plan_a), details(is_public="on"))

    assert response.status_code == 404
    assert Plan.objects.get(pk=world.plan_a.pk).is_public is False


def test_a_lead_officer_changes_the_plans_of_their_own_organisation_only(client, world, make_user):
    thurrock_lead = make_user("thurrock-lead", Membership.Role.LEAD, world.thurrock)
    client.force_login(thurrock_lead)

    own = client.get(details_url(world.plan_b))
    public_elsewhere = client.get(details_url(world.plan_p))

    assert own.status_code == 200
    assert public_elsewhere.status_code == 403


@pytest.mark.parametrize("role", ["chair", "officer"])
def test_chairs_and_officers_who_read_the_plan_are_refused(client, world, role):
    client.force_login(getattr(world, role))

    response = client.post(details_url(world.plan_a), details(is_public="on"))

    assert response.status_code == 403
    assert Plan.objects.get(pk=world.plan_a.pk).is_public is False


def test_only_partnerships_are_offered(client, world):
    make_organisation("Another Board", Organisation.Kind.PARTNERSHIP)
    client.force_login(world.admin)

    page = page_text(client.get(details_url(world.plan_a)))

    assert "Another Board" in page
    assert "Children's Partnership" in page
    assert f'<option value="{world.thurrock.pk}"' not in page
