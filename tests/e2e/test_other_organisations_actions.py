"""Journey 2: an officer who edits the URL reaches nothing they may not see or change."""

import re

import pytest
from playwright.sync_api import Page, expect

from progress.models import ProgressUpdate

pytestmark = pytest.mark.e2e

NOT_FOUND = re.compile("not found", re.IGNORECASE)


@pytest.mark.parametrize("form", ["edit/", "updates/new/"], ids=["edit form", "update form"])
def test_an_officer_gets_not_found_for_another_organisations_action_form(
    page: Page, sign_in, users, known_actions, form
):
    sign_in(users.officer)

    response = page.goto(f"/actions/{known_actions.thurrock.pk}/{form}")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(NOT_FOUND)


def test_an_officer_cannot_post_an_update_on_another_organisations_action(page: Page, sign_in, users, known_actions):
    action = known_actions.thurrock
    updates_before = list(ProgressUpdate.objects.filter(action=action).values_list("pk", flat=True))
    sign_in(users.officer)

    response = _post_with_the_officers_csrf_token(
        page,
        known_actions,
        f"/actions/{action.pk}/updates/new/",
        {
            "status": "completed",
            "narrative": "Done.",
            "date_of_update_day": "1",
            "date_of_update_month": "1",
            "date_of_update_year": "2020",
        },
    )

    assert response.status == 404
    assert list(ProgressUpdate.objects.filter(action=action).values_list("pk", flat=True)) == updates_before


def test_an_officer_cannot_save_another_organisations_action(page: Page, sign_in, users, known_actions):
    action = known_actions.thurrock
    saved_before = (action.text, action.version, action.history.count())
    sign_in(users.officer)

    response = _post_with_the_officers_csrf_token(
        page,
        known_actions,
        f"/actions/{action.pk}/edit/",
        {"version": str(action.version), "text": "Changed by Lincolnshire."},
    )

    assert response.status == 404
    action.refresh_from_db()
    assert (action.text, action.version, action.history.count()) == saved_before


def test_an_officer_who_is_not_a_lead_is_forbidden_their_own_organisations_edit_form(
    page: Page, sign_in, users, known_actions
):
    sign_in(users.officer)

    response = page.goto(f"/actions/{known_actions.lincolnshire_without_updates.pk}/edit/")

    assert response.status == 403
    expect(page.get_by_role("button", name="Save the action")).to_have_count(0)


def _post_with_the_officers_csrf_token(page: Page, known_actions, path: str, fields: dict):
    """POSTs as a forged form would: with the CSRF token the officer's own update form gave them."""
    page.goto(f"/actions/{known_actions.lincolnshire_without_updates.pk}/updates/new/")
    token = page.locator("#main-content input[name=csrfmiddlewaretoken]").input_value()
    return page.request.post(path, form={"csrfmiddlewaretoken": token, **fields})
