"""The public pages: anyone reads a published plan (public, and active or
closed), its actions and their latest approved progress; nothing else."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action
from plans.models import Membership, Plan
from progress.models import ProgressUpdate
from public_pages import statement
from tests.builders import make_many_actions, make_plan, make_theme, make_update

State = ProgressUpdate.State


def plan_url(plan):
    return reverse("public-plan", args=[plan.slug])


def action_url(action):
    return reverse("public-action", args=[action.plan.slug, action.pk])


def statement_url(plan):
    return reverse("public-accessibility", args=[plan.slug])


def csv_url(plan):
    return reverse("public-plan-csv", args=[plan.slug])


def public_urls(plan):
    urls = [reverse("public-plan-list"), plan_url(plan), statement_url(plan), csv_url(plan)]
    return urls + [action_url(action) for action in plan.actions.all()]


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def published(world):
    """Plan P (public, active) with a theme, and its action P approved twice and
    then a newer update awaiting approval."""
    world.action_p.theme = make_theme(world.plan_p, "Economic Poverty", reference="1.")
    world.action_p.timescale = "By March 2027"
    world.action_p.reference = "P1"
    world.action_p.save()
    make_update(world.action_p, "at_risk", datetime.date(2026, 1, 10), narrative="Older approved words")
    make_update(world.action_p, "on_track", datetime.date(2026, 3, 3), narrative="Approved words", author=world.officer)
    make_update(
        world.action_p,
        "off_track",
        datetime.date(2026, 4, 1),
        narrative="Words awaiting approval",
        author=world.officer,
        state=State.SUBMITTED,
    )
    return world


def test_the_plan_page_shows_each_action_with_its_latest_approved_update(client, published):
    response = client.get(plan_url(published.plan_p))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Child Poverty Champions" in page and "P1" in page and "By March 2027" in page
    assert "Hartlepool Borough Council" in page and "1. Economic Poverty" in page
    assert "Approved words" in page and "On track" in page and "3 March 2026" in page


def test_a_newer_update_awaiting_approval_never_shows(client, published):
    pages = [client.get(url).content.decode("utf-8-sig") for url in public_urls(published.plan_p)]

    assert not any("Words awaiting approval" in page for page in pages)
    assert not any("Off track</strong>" in page for page in pages)


@pytest.mark.parametrize("state", [State.SUBMITTED, State.RETURNED, State.WITHDRAWN])
def test_an_action_whose_only_update_is_unapproved_shows_no_update(client, world, state):
    make_update(world.action_p, "completed", datetime.date(2026, 3, 3), narrative="Not yet approved", state=state)

    page = client.get(action_url(world.action_p)).content.decode()

    assert "Not yet approved" not in page and "No update yet" in page


def test_an_update_shows_its_authors_organisation_not_its_author(client, published):
    published.officer.first_name, published.officer.last_name = "Olive", "Oyl"
    published.officer.email = "olive@example.org"
    published.officer.save()

    page = client.get(action_url(published.action_p)).content.decode()

    assert "From Lincolnshire County Council, 3 March 2026" in page
    assert "Olive" not in page and "olive@example.org" not in page and ">officer<" not in page


def test_progress_from_the_plan_is_from_the_actions_first_lead_organisation(client, world):
    make_update(world.action_p, "on_track", None, narrative="As the plan reported", from_source_plan=True)

    page = client.get(action_url(world.action_p)).content.decode()

    assert "From Hartlepool Borough Council" in page and "As the plan reported" in page


def test_the_freshness_line_says_when_the_next_update_is_due(client, world):
    world.action_p.review_cadence = 3
    world.action_p.save()
    make_update(world.action_p, "on_track", datetime.date(2026, 3, 3))

    page = client.get(action_url(world.action_p)).content.decode()

    assert "Updated 3 March 2026; " in page
    assert "next update due 3 June 2026" in page or "update late since 3 June 2026" in page


def test_the_freshness_line_says_since_when_an_update_is_late(client, world):
    world.action_p.due_date = datetime.date(2020, 1, 15)
    world.action_p.save()

    page = client.get(action_url(world.action_p)).content.decode()

    assert "No update yet; update late since 15 January 2020" in page


def test_the_summary_draws_the_status_chart_with_its_table(client, published):
    page = client.get(plan_url(published.plan_p)).content.decode()

    assert '<svg class="app-chart" role="img"' in page and "<desc" in page
    assert "Actions by latest status, by theme (the chart's numbers)" in page


def test_the_csv_holds_what_the_page_shows(client, published):
    response = client.get(csv_url(published.plan_p))

    rows = read_csv(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert [{key: value for key, value in row.items() if key != "Freshness"} for row in rows] == [
        {
            "Theme": "1. Economic Poverty",
            "Sub-theme": "",
            "Reference": "P1",
            "Action": "Child Poverty Champions",
            "Lead organisations": "Hartlepool Borough Council",
            "Timescale": "By March 2027",
            "Status": "On track",
            "Status colour": "green",
            "Latest update date": "2026-03-03",
            "Update from": "Lincolnshire County Council",
            "Latest update": "Approved words",
        }
    ]
    assert rows[0]["Freshness"].startswith("Updated 3 March 2026; ")


def test_the_csv_neutralises_formulas(client, world):
    make_update(world.action_p, "on_track", datetime.date(2026, 3, 3), narrative='=HYPERLINK("http://x")')

    rows = read_csv(client.get(csv_url(world.plan_p)))

    assert rows[0]["Latest update"].startswith("'=")


def test_plan_notes_show_but_transcription_notes_never_do(client, world):
    world.plan_p.notes = "Our introduction"
    world.plan_p.transcription_note = "The scan was blurred"
    world.plan_p.save()
    world.action_p.transcription_note = "Owner column unclear"
    world.action_p.save()

    pages = [client.get(url).content.decode("utf-8-sig") for url in public_urls(world.plan_p)]

    assert "Our introduction" in pages[1]
    assert not any("The scan was blurred" in page or "Owner column unclear" in page for page in pages)


@pytest.mark.parametrize("is_public, status", [(False, "active"), (True, "draft"), (False, "draft")])
def test_an_unpublished_plan_is_not_found_on_any_public_page(client, world, is_public, status):
    Plan.objects.filter(pk=world.plan_p.pk).update(is_public=is_public, status=status)

    responses = [client.get(url) for url in public_urls(world.plan_p)[1:]]

    assert [response.status_code for response in responses] == [404] * len(responses)
    assert all(response["X-Robots-Tag"] == "noindex" for response in responses)
    assert all(b'<meta name="robots" content="noindex">' in response.content for response in responses)


def test_a_closed_public_plan_is_published(client, world):
    Plan.objects.filter(pk=world.plan_p.pk).update(status=Plan.Status.CLOSED)

    assert client.get(plan_url(world.plan_p)).status_code == 200


def test_the_list_shows_published_plans_only(client, world):
    Plan.objects.filter(pk=world.plan_a.pk).update(is_public=True, status=Plan.Status.DRAFT)

    page = client.get(reverse("public-plan-list")).content.decode()

    assert "Hartlepool Public Plan" in page
    assert "Lincolnshire Plan" not in page and "Thurrock Plan" not in page


def test_an_action_of_another_plan_is_not_found_under_a_published_one(client, world):
    response = client.get(reverse("public-action", args=[world.plan_p.slug, world.action_b.pk]))

    assert response.status_code == 404


def test_published_pages_have_a_title_and_description_and_may_be_indexed(client, published):
    for url in [plan_url(published.plan_p), action_url(published.action_p), statement_url(published.plan_p)]:
        response = client.get(url)
        page = response.content.decode()
        assert "<title>" in page and '<meta name="description" content="' in page
        assert "noindex" not in page and "X-Robots-Tag" not in response


def test_the_statement_names_the_plans_accessibility_contact(client, world):
    world.plan_p.accessibility_contact = "access@hartlepool.example"
    world.plan_p.save()

    page = client.get(statement_url(world.plan_p)).content.decode()

    assert '<a class="govuk-link" href="mailto:access@hartlepool.example">access@hartlepool.example</a>' in page


def test_without_a_contact_the_statement_sends_people_to_the_council(client, world):
    page = client.get(statement_url(world.plan_p)).content.decode()

    assert "Contact Hartlepool Borough Council through its usual customer service channels" in page


def test_the_statement_has_the_sections_the_regulations_ask_for(client, world):
    page = client.get(statement_url(world.plan_p)).content.decode()

    for heading in [
        "How accessible these pages are",
        "Feedback and contact information",
        "Enforcement procedure",
        "Technical information about these pages",
        "Compliance status",
        "How we tested these pages",
        "Preparation of this accessibility statement",
    ]:
        assert heading in page
    assert "Equality Advisory and Support Service" in page and "WCAG" in page
    assert f"prepared on {statement.PREPARED_ON.day} {statement.PREPARED_ON:%B %Y}" in page


def test_the_signed_in_plan_page_links_to_the_public_page_when_published(client, world):
    client.force_login(world.admin)

    published_page = client.get(reverse("plan-detail", args=[world.plan_p.slug])).content.decode()
    private_page = client.get(reverse("plan-detail", args=[world.plan_a.slug])).content.decode()

    assert plan_url(world.plan_p) in published_page
    assert reverse("public-plan", args=[world.plan_a.slug]) not in private_page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("which", ["plan", "csv"])
def test_the_plan_page_and_csv_take_the_same_queries_at_two_sizes(client, world, which):
    small = make_plan(world.hartlepool, "Small", slug="small", is_public=True)
    large = make_plan(world.hartlepool, "Large", slug="large", is_public=True)
    for plan, count in ((small, 2), (large, 20)):
        theme = make_theme(plan, "Theme", reference="1.")
        make_theme(plan, "Sub-theme", parent=theme)
        make_many_actions(plan, count, owner=world.hartlepool, theme=theme)
    url = plan_url if which == "plan" else csv_url

    assert _queries(client, url(small)) == _queries(client, url(large))


# --- The five shipped plans, published, with updates by demo-like users ---

# Usernames as demo users have them; names that no plan text uses.
PEOPLE = [("olive.oakley", "Olive", "Oakley"), ("leah.lambert", "Leah", "Lambert"), ("ada.aldridge", "Ada", "Aldridge")]


@pytest.fixture
def five_published_plans(council_plans, make_user):
    """The five plans published (the draft stays a draft), each action with an
    approved update by one person and a newer one by another awaiting approval."""
    Plan.objects.update(is_public=True)
    lincs = Plan.objects.get(slug="lincolnshire-narrowing-the-gap-2012").organisation
    people = []
    for username, first, last in PEOPLE:
        user = make_user(username, Membership.Role.LEAD, lincs)
        user.first_name, user.last_name, user.email = first, last, f"{username}@example.org"
        user.save()
        people.append(user)
    for plan in Plan.objects.exclude(status=Plan.Status.DRAFT):
        for action in Action.objects.filter(plan=plan).order_by("position", "pk")[:5]:
            make_update(
                action, "on_track", datetime.date(2026, 5, 1), narrative=f"Approved {action.pk}", author=people[0]
            )
            make_update(
                action, "off_track", datetime.date(2026, 6, 1), narrative=f"Unapproved {action.pk}",
                author=people[1], state=State.SUBMITTED,
            )  # fmt: skip
    return people


def test_no_public_page_of_the_five_plans_shows_a_person_or_an_unapproved_narrative(client, five_published_plans):
    forbidden = ["Unapproved "]
    for user in five_published_plans:
        forbidden += [user.username, user.first_name, user.last_name, user.email]
    shown = 0
    for plan in Plan.objects.exclude(status=Plan.Status.DRAFT):
        for url in public_urls(plan):
            page = client.get(url).content.decode("utf-8-sig")
            assert not [word for word in forbidden if re.search(rf"\b{re.escape(word)}\b", page)], url
            shown += 1
    assert shown > 100
    assert "Approved " in client.get(plan_url(Plan.objects.get(slug="thurrock-child-poverty"))).content.decode()


def test_the_draft_of_the_five_plans_is_not_found(client, five_published_plans):
    draft = Plan.objects.get(slug="lincolnshire-child-poverty-draft-2012")

    assert client.get(plan_url(draft)).status_code == 404
