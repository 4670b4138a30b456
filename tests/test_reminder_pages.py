"""The pages around reminder emails: "No change since the last update" and
unsubscribe (signed links, no sign-in), each person's settings, and the
admins' preview and test send."""

import datetime

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from progress.models import ProgressUpdate
from reminders.calendar import is_working_day
from reminders.digests import digests_for_day
from reminders.links import NO_CHANGE_MAX_AGE, no_change_url, unsubscribe_url
from reminders.models import ReminderSettings, SentReminder
from tests.builders import make_update

MARCH_3 = datetime.date(2026, 3, 3)


def stored_settings(user) -> ReminderSettings:
    return ReminderSettings.objects.get(user=user)


# --- "No change since the last update"


@pytest.fixture
def last_update(world):
    return make_update(world.action_a, "at_risk", on=MARCH_3, percent_complete=40, narrative="Waiting for data")


def test_the_no_change_link_asks_before_recording(client, world, last_update):
    response = client.get(no_change_url(world.officer, world.action_a))

    assert response.status_code == 200
    assert "Record “No change since 3 March 2026”?" in response.text
    assert "officer" in response.text
    assert ProgressUpdate.objects.count() == 1


def test_confirming_records_no_change_with_the_previous_status_in_the_officers_name(client, world, last_update):
    response = client.post(no_change_url(world.officer, world.action_a))

    assert response.status_code == 200
    assert "No change recorded" in response.text
    update = world.action_a.progress_updates.latest("created_at")
    assert (update.status, update.narrative, update.author) == (
        "at_risk",
        "No change since 3 March 2026",
        world.officer,
    )
    assert (update.date_of_update, update.percent_complete) == (timezone.localdate(), 40)


def test_the_action_shows_the_no_change_update_as_its_latest(client, world, last_update):
    client.post(no_change_url(world.officer, world.action_a))

    world.action_a.refresh_from_db()
    assert (world.action_a.last_updated_on, world.action_a.current_status) == (timezone.localdate(), "at_risk")


def test_a_link_used_twice_records_once(client, world, last_update):
    url = no_change_url(world.officer, world.action_a)
    client.post(url)

    again = client.post(url)

    assert "No change is already recorded" in again.text
    assert ProgressUpdate.objects.count() == 2


def test_opening_a_used_link_says_it_is_already_recorded(client, world, last_update):
    url = no_change_url(world.officer, world.action_a)
    client.post(url)

    response = client.get(url)

    assert "No change is already recorded" in response.text
    assert "Record no change" not in response.text


def test_the_link_records_in_the_links_name_whoever_is_signed_in(client, world, last_update):
    client.force_login(world.lead)

    client.post(no_change_url(world.officer, world.action_a))

    assert world.action_a.progress_updates.latest("created_at").author == world.officer


def test_an_action_without_an_update_has_nothing_to_repeat(client, world):
    url = no_change_url(world.officer, world.action_a)

    shown, posted = client.get(url), client.post(url)

    assert "There is no update to repeat" in shown.text
    assert reverse("progress-update-new", args=[world.action_a.pk]) in shown.text
    assert posted.status_code == 200
    assert not ProgressUpdate.objects.exists()


def test_an_undated_last_update_is_repeated_as_no_change_since_the_last_update(client, world):
    make_update(world.action_a, "on_track", on=None)

    client.post(no_change_url(world.officer, world.action_a))

    assert world.action_a.progress_updates.latest("created_at").narrative == "No change since the last update"


def test_a_link_for_another_organisations_action_is_refused_and_records_nothing(client, world):
    make_update(world.action_b, "on_track", on=MARCH_3)

    response = client.post(no_change_url(world.officer, world.action_b))

    assert response.status_code == 403
    assert "can no longer post updates" in response.text
    assert ProgressUpdate.objects.count() == 1


def test_a_person_who_has_left_the_organisation_can_no_longer_use_their_link(client, world, last_update):
    url = no_change_url(world.officer, world.action_a)
    world.officer.membership.organisation = world.thurrock
    world.officer.membership.save()

    assert client.post(url).status_code == 403
    assert ProgressUpdate.objects.count() == 1


def test_an_altered_link_is_refused_with_a_plain_page(client, world, last_update):
    url = no_change_url(world.officer, world.action_a)
    token = url.split("/")[-2]
    forged = signing.dumps({"u": world.officer.pk, "a": world.action_b.pk}, salt="something else")

    for bad in [url.replace(token, token[:-3] + "abc"), url.replace(token, forged), url.replace(token, "nonsense")]:
        response = client.post(bad)
        assert response.status_code == 400
        assert "This link is not valid." in response.text
    assert ProgressUpdate.objects.count() == 1


def test_an_unsubscribe_link_cannot_be_used_to_record_an_update(client, world, last_update):
    token = unsubscribe_url(world.officer, "digest").split("/")[-2]

    response = client.post(reverse("reminders-no-change", args=[token]))

    assert response.status_code == 400
    assert ProgressUpdate.objects.count() == 1


def test_an_expired_link_says_so(client, world, last_update, monkeypatch):
    url = no_change_url(world.officer, world.action_a)
    later = timezone.now() + NO_CHANGE_MAX_AGE + datetime.timedelta(days=1)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())

    response = client.post(url)

    assert response.status_code == 400
    assert "This link has expired." in response.text
    assert ProgressUpdate.objects.count() == 1


def test_a_link_for_a_deactivated_account_is_refused(client, world, last_update):
    url = no_change_url(world.officer, world.action_a)
    world.officer.is_active = False
    world.officer.save()

    assert client.get(url).status_code == 400


# --- Unsubscribe


def test_the_unsubscribe_page_shows_what_the_person_gets(client, world):
    response = client.get(unsubscribe_url(world.lead, "escalation"))

    assert response.status_code == 200
    assert "A daily email of your organisation" in response.text
    assert "more than 14 days late" in response.text
    assert "weekly summary" not in response.text


def test_one_click_unsubscribe_turns_off_that_email_only(world):
    mail_program = Client(enforce_csrf_checks=True)

    response = mail_program.post(unsubscribe_url(world.lead, "escalation"), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    choices = stored_settings(world.lead)
    assert (choices.digest, choices.escalation, choices.chair_summary) == (True, False, True)


def test_one_click_on_an_unsubscribe_from_everything_link_turns_everything_off(world):
    Client(enforce_csrf_checks=True).post(unsubscribe_url(world.officer, None), {"List-Unsubscribe": "One-Click"})

    choices = stored_settings(world.officer)
    assert not (choices.digest or choices.escalation or choices.chair_summary)


def test_the_page_can_turn_everything_off(client, world):
    response = client.post(unsubscribe_url(world.officer, "digest"), {"turn_off": "all"})

    assert "Reminder emails turned off" in response.text
    assert not stored_settings(world.officer).escalation


def test_unsubscribing_keeps_the_other_choices(client, world):
    ReminderSettings.objects.create(user=world.officer, due_within_days=30)

    client.post(unsubscribe_url(world.officer, "digest"), {"turn_off": "this"})

    assert (stored_settings(world.officer).digest, stored_settings(world.officer).due_within_days) == (False, 30)


def test_an_unsubscribe_post_without_a_choice_changes_nothing(client, world):
    response = client.post(unsubscribe_url(world.officer, "digest"), {"turn_off": "everything please"})

    assert response.status_code == 400
    assert not ReminderSettings.objects.exists()


def test_a_no_change_link_cannot_unsubscribe(client, world, last_update):
    token = no_change_url(world.officer, world.action_a).split("/")[-2]

    response = client.post(reverse("reminders-unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 400
    assert not ReminderSettings.objects.exists()


def test_unsubscribe_links_for_unknown_kinds_cannot_be_made():
    with pytest.raises(ValueError):
        unsubscribe_url(object(), "everything")


# --- Each person's settings


def test_settings_ask_anonymous_visitors_to_sign_in(client, world):
    response = client.get(reverse("reminder-settings"))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "role, offered",
    [
        ("officer", ["digest"]),
        ("lead", ["digest", "escalation"]),
        ("chair", ["chair_summary"]),
        ("admin", []),
    ],
)
def test_settings_offer_the_emails_of_the_persons_role(client, world, role, offered):
    client.force_login(getattr(world, role))

    form = client.get(reverse("reminder-settings")).context["form"]

    assert [value for value, _ in form.fields["emails"].choices] == offered


def test_settings_without_a_digest_do_not_ask_how_far_ahead(client, world):
    client.force_login(world.chair)

    form = client.get(reverse("reminder-settings")).context["form"]

    assert "due_within_days" not in form.fields


def test_saving_settings(client, world):
    client.force_login(world.lead)
    leave_ends = timezone.localdate() + datetime.timedelta(days=10)

    response = client.post(
        reverse("reminder-settings"),
        {
            "emails": ["escalation"],
            "due_within_days": "7",
            "paused_until_day": str(leave_ends.day),
            "paused_until_month": leave_ends.strftime("%b"),
            "paused_until_year": str(leave_ends.year),
        },
    )

    assert response.status_code == 302
    choices = stored_settings(world.lead)
    assert (choices.digest, choices.escalation, choices.due_within_days) == (False, True, 7)
    assert choices.paused_until == leave_ends
    assert choices.chair_summary  # not offered to a lead officer, so left as it was


@pytest.mark.parametrize(
    "data, error",
    [
        ({"due_within_days": "0"}, "Days must be 1 or more"),
        ({"due_within_days": "two weeks"}, "Days must be a whole number, like 14"),
        ({"due_within_days": "14", "paused_until_day": "1", "paused_until_month": "1", "paused_until_year": "2020"},
         "Pause all reminder emails until must be today or a later date"),
        ({"due_within_days": "14", "paused_until_day": "31", "paused_until_month": "2", "paused_until_year": "2030"},
         "Pause all reminder emails until must be a real date"),
    ],
)  # fmt: skip
def test_settings_refuse_nonsense_and_save_nothing(client, world, data, error):
    client.force_login(world.officer)

    response = client.post(reverse("reminder-settings"), {"emails": ["digest"], **data})

    assert response.status_code == 200
    assert error in response.text
    assert "There is a problem" in response.text
    assert not ReminderSettings.objects.exists()


def test_a_pause_that_has_ended_is_not_shown(client, world):
    ReminderSettings.objects.create(user=world.officer, paused_until=datetime.date(2020, 1, 1))
    client.force_login(world.officer)

    form = client.get(reverse("reminder-settings")).context["form"]

    assert form.initial["paused_until"] is None


def test_the_settings_page_warns_an_account_without_an_email_address(client, world):
    client.force_login(world.officer)

    assert "Your account has no email address" in client.get(reverse("reminder-settings")).text


# --- Admins: preview and test send


@pytest.fixture
def late_action(world):
    """Action A, owned by the officer's organisation, reviewed every 3 months
    and last updated well over 3 months ago: its update is late."""
    world.action_a.review_cadence = 3
    world.action_a.save()
    make_update(world.action_a, "at_risk", on=timezone.localdate() - datetime.timedelta(days=200))
    for user in (world.officer, world.admin):
        user.email = f"{user.username}@example.org"
        user.save()
    return world.action_a


def preview_of(client, person, kind="digest"):
    return client.get(reverse("reminders-preview"), {"person": person.pk, "kind": kind})


@pytest.mark.parametrize("role", ["chair", "lead", "officer", "stranger"])
def test_only_admins_preview_reminders(client, world, role):
    client.force_login(getattr(world, role))

    assert preview_of(client, world.officer).status_code == 403
    assert (
        client.get(reverse("reminders-preview-html"), {"person": world.officer.pk, "kind": "digest"}).status_code == 403
    )


def test_an_admin_sees_the_email_a_person_would_get_today(client, world, late_action):
    client.force_login(world.admin)

    response = preview_of(client, world.officer)

    assert response.status_code == 200
    assert response.context["email"].to == ["officer@example.org"]
    assert "Baseline parents on benefits" in response.text
    assert "List-Unsubscribe-Post" in response.text
    assert not SentReminder.objects.exists()


def test_the_preview_says_when_a_person_would_get_nothing(client, world):
    client.force_login(world.admin)

    response = preview_of(client, world.officer)

    assert response.context["email"] is None
    assert "would get no digest email today" in response.text


def test_the_html_part_is_served_alone_in_a_sandbox(client, world, late_action):
    client.force_login(world.admin)

    response = client.get(reverse("reminders-preview-html"), {"person": world.officer.pk, "kind": "digest"})

    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert "script-src" not in response["Content-Security-Policy"]  # default-src 'none' covers scripts
    assert "Baseline parents on benefits" in response.text


def test_send_me_a_test_sends_the_email_to_the_admin_and_logs_it_as_a_test(client, world, late_action):
    client.force_login(world.admin)

    response = client.post(reverse("reminders-preview"), {"person": world.officer.pk, "kind": "digest"})

    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == ["admin@example.org"]
    assert email.subject.startswith("[Test] ")
    assert email.extra_headers["List-Unsubscribe"]
    [logged] = SentReminder.objects.all()
    assert (logged.user, logged.kind, logged.email) == (world.admin, "test", "admin@example.org")


def test_a_test_send_leaves_the_persons_own_email_to_go(client, world, late_action):
    client.force_login(world.admin)

    client.post(reverse("reminders-preview"), {"person": world.officer.pk, "kind": "digest"})

    assert any(digest.user == world.officer for digest in digests_for_day(next_working_day()))


def next_working_day() -> datetime.date:
    day = timezone.localdate()
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def test_an_admin_without_an_email_address_is_told_and_nothing_is_sent(client, world, late_action):
    world.admin.email = ""
    world.admin.save()
    client.force_login(world.admin)

    response = client.post(reverse("reminders-preview"), {"person": world.officer.pk, "kind": "digest"}, follow=True)

    assert "Your account has no email address" in response.text
    assert not mail.outbox
    assert not SentReminder.objects.exists()


def test_no_change_repeats_the_latest_approved_update_not_one_awaiting_approval_or_withdrawn(world):
    from reminders.no_change import no_change_check
    from tests.builders import make_update

    approved = make_update(world.action_a, narrative="Approved progress", on=datetime.date(2026, 3, 3))
    for state in (ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.WITHDRAWN):
        make_update(world.action_a, narrative=f"{state} progress", on=datetime.date(2026, 4, 4), state=state)

    check = no_change_check(action=world.action_a, author=world.officer, link_made_on=datetime.date(2026, 5, 1))

    assert (check.outcome, check.previous) == ("ready", approved)
    assert check.narrative == "No change since 3 March 2026"
