"""What a reminder email says and links to: both parts, absolute links to post
an update and to record "no change", and one-click unsubscribe headers."""

import datetime

import pytest
from django.test import override_settings

from reminders.digests import digest_preview
from reminders.emails import build_email
from reminders.links import read_no_change, read_unsubscribe
from tests.reminders_helpers import due_on, with_emails

D = datetime.date
MONDAY = D(2027, 3, 1)
SITE = "https://tracker.example.gov.uk"


@pytest.fixture
def world(world):
    return with_emails(world)


@pytest.fixture
def email(world):
    world.late = due_on(world, D(2027, 2, 22), "Publish the <debt> advice directory", reference="E7")
    world.soon = due_on(world, D(2027, 3, 8), "Train the advisers")
    world.today = due_on(world, MONDAY, "Report to the board")
    return build_email(digest_preview(world.officer, "digest", MONDAY), site_url=SITE)


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def token_in(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def test_the_subject_counts_the_actions_and_the_late_ones(email):
    assert email.subject == "3 actions need an update: 1 late"


def test_it_goes_to_the_person(world, email):
    assert email.to == ["officer@example.org"]


def test_each_action_links_to_post_an_update_in_both_parts(world, email):
    for action in (world.late, world.soon, world.today):
        link = f"{SITE}/actions/{action.pk}/updates/new/"
        assert link in email.body
        assert f'href="{link}"' in html_of(email)


def test_each_action_has_a_signed_no_change_link_for_this_person(world, email):
    links = [line.split(": ", 1)[1] for line in email.body.splitlines() if "No change since the last update:" in line]

    assert len(links) == 3
    assert all(link.startswith(f"{SITE}/reminders/no-change/") for link in links)
    read = [read_no_change(token_in(link)) for link in links]
    assert {(link.user, link.action) for link in read} == {
        (world.officer, world.late),
        (world.officer, world.soon),
        (world.officer, world.today),
    }


def test_it_says_when_each_update_is_due_in_words(email):
    assert "Update late: due 22 February 2027, 7 days ago" in email.body
    assert "Update due 8 March 2027" in email.body
    assert "Update due today" in email.body


def test_the_plain_text_is_not_html_escaped_and_the_html_is(email):
    assert "E7: Publish the <debt> advice directory" in email.body
    assert "Publish the &lt;debt&gt; advice directory" in html_of(email)


def test_it_carries_one_click_unsubscribe_headers(world, email):
    header = email.extra_headers["List-Unsubscribe"]

    assert header.startswith(f"<{SITE}/reminders/unsubscribe/") and header.endswith(">")
    assert read_unsubscribe(token_in(header.strip("<>"))) == (world.officer, "digest")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in email.body


@override_settings(SITE_URL="http://127.0.0.1:8000")
def test_links_start_with_the_site_url_setting_by_default(world):
    due_on(world, MONDAY)

    message = build_email(digest_preview(world.officer, "digest", MONDAY))

    assert "http://127.0.0.1:8000/actions/" in message.body


def test_one_action_reads_in_the_singular(world):
    due_on(world, D(2027, 3, 5))

    message = build_email(digest_preview(world.officer, "digest", MONDAY), site_url=SITE)

    assert message.subject == "1 action needs an update"
    assert "An action your organisation owns needs a progress update." in message.body


def test_the_escalation_tells_the_lead_why(world):
    due_on(world, D(2027, 2, 1))

    message = build_email(digest_preview(world.lead, "escalation", MONDAY), site_url=SITE)

    assert message.subject == "1 action late more than 14 days"
    assert "late by more than 14 days" in message.body
    assert read_unsubscribe(token_in(message.extra_headers["List-Unsubscribe"].strip("<>")))[1] == "escalation"


def test_the_chair_summary_links_each_plan_and_late_action_and_names_owners(world):
    late = due_on(world, D(2027, 2, 1), reference="E9")

    message = build_email(digest_preview(world.chair, "chair_summary", MONDAY), site_url=SITE)

    assert message.subject == "Weekly summary, 1 March 2027: 1 late update"
    assert "Economic Poverty: 3 actions, 0 on track, 1 late, 3 with no update" in message.body
    assert f"{SITE}/plans/plan-a/dashboard/" in message.body
    assert f"{SITE}/actions/{late.pk}/" in message.body
    assert "Owners: Lincolnshire County Council" in message.body
    assert (
        f'href="{SITE}/actions/?plan={world.plan_a.pk}&amp;theme={world.theme_a.pk}&amp;update_late=true"'
        in html_of(message)
    )


def test_the_longest_late_come_first_then_today_then_soon(world, email):
    body = email.body

    assert body.index("Publish the <debt>") < body.index("Report to the board") < body.index("Train the advisers")
