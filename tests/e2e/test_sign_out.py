"""Journey 4: signing out."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_the_sign_out_button_posts_and_signs_the_user_out(page: Page, live_server, sign_in, users):
    sign_in(users.officer)
    page.goto("/my-actions/")

    with page.expect_request(lambda request: request.url.endswith("/accounts/logout/")) as sign_out:
        page.get_by_role("button", name="Sign out").click()
    assert sign_out.value.method == "POST"
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    page.goto("/my-actions/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/my-actions/")
