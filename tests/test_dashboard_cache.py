"""The dashboards' figures come from the cache (dashboards/cache.py) until
something they are read from changes: every write, through any service, shows
on the next request, and no reader is shown figures of plans she may not read.

These tests commit (transaction=True), as a site does: a write that is never
committed never moves the data version on, and the cache is passed by while a
transaction holds writes of its own (core/versions.py)."""

import datetime
import re
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actions.services import action_update
from core import versions
from dashboards.services import board_commentary_save
from plans.services import plan_details_save
from progress.services import progress_update_create
from tests.indicator_builders import make_indicator, make_observation
from tests.spreadsheets.files import small_plan, xlsx

pytestmark = pytest.mark.django_db(transaction=True)
AS_OF = {"as_of": "2026-06-30"}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def figures(client, url, params=AS_OF) -> str:
    """The figures as the page shows them: from the key numbers to the end, without CSRF tokens."""
    page = client.get(url, params).text
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page[page.index('aria-label="Key figures"') :])


def uncached(client, url, params=AS_OF) -> str:
    with override_settings(DASHBOARD_CACHE=False):
        return figures(client, url, params)


def queries(client, url, params=AS_OF) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize("page", ["dashboard", "plan-dashboard"])
def test_the_second_request_is_served_from_the_cache_with_fewer_queries(client, world, page):
    client.force_login(world.chair)
    url = reverse(page, args=[world.plan_a.slug]) if page == "plan-dashboard" else reverse(page)

    cold = queries(client, url)
    warm = queries(client, url)

    assert len(warm) < len(cold)
    assert any("actions_action" in sql for sql in cold) and not any("actions_action" in sql for sql in warm)
    assert figures(client, url) == uncached(client, url)


def import_confirmed(world):
    with tempfile.TemporaryDirectory() as folder:
        spreadsheet = Path(folder, "plan.xlsx")
        spreadsheet.write_bytes(xlsx(small_plan()))
        call_command("import_plan", spreadsheet, "--plan", world.plan_a.slug, "--user", "admin", "--confirm",
                     stdout=StringIO())  # fmt: skip


def update_posted(world):
    progress_update_create(
        action=world.action_a, author=world.officer, status="off_track", narrative="Stalled on data sharing",
        date_of_update=datetime.date(2026, 6, 20),
    )  # fmt: skip


def action_edited(world):
    action = Action.objects.get(pk=world.action_a.pk)
    action.text, action.due_date = "Baseline every parent on benefits", datetime.date(2026, 1, 31)
    action_update(action=action, user=world.admin, expected_version=action.version)


def plan_edited(world):
    plan_details_save(plan=world.plan_a, title="Lincolnshire Plan, as renamed")


def commentary_saved(world):
    board_commentary_save(world.plan_a, datetime.date(2026, 7, 1), "Data sharing is the risk to watch.", world.chair)


def figure_entered(world):
    indicator = make_indicator(world.lincs, framework="LOCAL", code="L1")
    world.action_a.indicators.add(indicator)
    make_observation(indicator, datetime.date(2026, 3, 31), "21.5", reported_on=datetime.date(2026, 4, 30))


def bulk_updated(world):
    # As the imports write: QuerySet.update, which sends no signal.
    Action.objects.filter(plan=world.plan_a).update(due_date=datetime.date(2026, 2, 28))


@pytest.mark.parametrize(
    "write, page",
    [
        (update_posted, "dashboard"), (action_edited, "dashboard"), (plan_edited, "dashboard"),
        (import_confirmed, "plan-dashboard"), (bulk_updated, "plan-dashboard"),
        # What only a plan's dashboard shows:
        (commentary_saved, "plan-dashboard"), (figure_entered, "plan-dashboard"),
    ],
)  # fmt: skip
def test_every_write_shows_on_the_next_request(client, world, write, page):
    client.force_login(world.chair)
    url = reverse(page, args=[world.plan_a.slug]) if page == "plan-dashboard" else reverse(page)
    before = figures(client, url)
    assert figures(client, url) == before

    write(world)

    after = figures(client, url)
    assert after != before
    assert after == uncached(client, url)


def test_two_readers_shown_different_plans_never_see_each_others_figures(client, world):
    client.force_login(world.chair)  # the partnership's plan A, and the public plan
    chairs = figures(client, reverse("dashboard"), {"plans": "all", **AS_OF})
    client.force_login(world.thurrock_officer)  # plan B, and the public plan

    hers = figures(client, reverse("dashboard"), {"plans": "all", **AS_OF})

    assert "Thurrock Plan" in hers and "Lincolnshire Plan" not in hers
    assert "Lincolnshire Plan" in chairs and hers != chairs
    assert hers == uncached(client, reverse("dashboard"), {"plans": "all", **AS_OF})


def test_tomorrow_misses_the_cache_even_for_the_same_days(client, world, monkeypatch):
    client.force_login(world.chair)
    url = reverse("dashboard")
    queries(client, url)
    today = timezone.localdate()

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))

    assert any("actions_action" in sql for sql in queries(client, url))  # the figures built afresh


def test_a_transaction_that_has_written_passes_the_cache_by(client, world):
    version = versions.current()
    with transaction.atomic():
        Action.objects.filter(pk=world.action_a.pk).update(text="Not yet committed")
        assert versions.writes_pending() and versions.current() == version
        transaction.set_rollback(True)

    assert not versions.writes_pending() and versions.current() == version  # rolled back: nothing moved
    Action.objects.bulk_create([Action(plan=world.plan_a, text="Made in bulk", position=9)])
    assert versions.current() > version
