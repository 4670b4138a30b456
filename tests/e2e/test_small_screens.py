"""On a 320-pixel phone, no page scrolls sideways: a wide table scrolls inside
its own box, which a keyboard user can focus and scroll."""

import pytest

pytestmark = pytest.mark.e2e

PAGES = [
    "/my-actions/",
    "/plans/",
    "/plans/thurrock-child-poverty/",
    "/actions/",
    "/dashboard/",
    "/plans/thurrock-child-poverty/dashboard/",
    "/imports/",
]


def test_no_page_is_wider_than_a_small_phone(page, sign_in, users, known_actions):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(users.admin)

    widths = {}
    for path in PAGES:
        page.goto(path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")

    assert widths == dict.fromkeys(PAGES, 320)


def test_a_wide_table_scrolls_in_a_box_the_keyboard_can_reach(page, sign_in, users):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(users.chair)
    page.goto("/plans/")

    box = page.locator(".app-table-scroll").first
    box.focus()
    page.keyboard.press("ArrowRight")

    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    assert box.evaluate("box => box.scrollLeft") > 0
