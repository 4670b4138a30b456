"""A large board report lists what a board reads, and its workbook is built
by a job. "Large" is lowered to a handful of actions here
(dashboards.reports.FULL_LIST_UP_TO), so the known data of
tests/test_dashboard.py stands in for a partnership of thousands: six actions
in plan A, a1 off track, as of 30 June 2026."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards import reports
from dashboards.figures import Period
from dashboards.models import BoardWorkbook
from dashboards.tasks import build_board_workbook
from dashboards.workbooks import NO_LONGER_READABLE, board_workbook_build, board_workbook_request
from plans.models import Membership
from tests.builders import make_action, make_many_actions, make_update
from tests.test_dashboard import AS_OF, QUERY, D, known  # noqa: F401 (the fixture)

PERIOD = Period(as_of=AS_OF, since=D(2026, 4, 1), stale_days=90)


@pytest.fixture
def large(known, monkeypatch):  # noqa: F811
    monkeypatch.setattr(reports, "FULL_LIST_UP_TO", 5)
    return known


def sheet_rows(content: bytes, sheet: str = "Actions") -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(content))[sheet].iter_rows(values_only=True))


def test_a_large_report_names_the_off_track_actions_and_links_to_every_action(client, large, monkeypatch):
    monkeypatch.setattr(reports, "OFF_TRACK_LENGTH", 1)
    make_update(make_action(large.plan_a, "a7", owners=[large.lincs], theme=large.themes["T2"]), "off_track", AS_OF)
    client.force_login(large.chair)

    response = client.get(reverse("plan-report", args=[large.plan_a.slug]), QUERY)

    page = response.text
    assert 'class="app-report__section"' not in page  # no table of every action
    off_track = response.context["off_track"]
    assert ([action.text for action in off_track.actions], off_track.count) == (["a1"], 2)
    assert f'href="/actions/?{off_track.link.replace("&", "&amp;")}">and 1 more off track</a>' in page
    assert f'href="/actions/?plan={large.plan_a.pk}&amp;as_of=2026-06-30">in the action list</a>' in page
    assert f"/plans/{large.plan_a.slug}/dashboard/report.xlsx?" in page
    assert 'id="overdue"' in page and 'id="updates-late"' in page and 'id="changes"' in page


def test_a_small_report_lists_every_action(client, known):  # noqa: F811
    client.force_login(known.chair)

    response = client.get(reverse("plan-report", args=[known.plan_a.slug]), QUERY)

    assert response.context["lists_every_action"]
    assert "off_track" not in response.context


@pytest.mark.parametrize("page", ["report", "plan-report"])
def test_a_large_report_takes_the_same_queries_at_two_data_sizes(
    client, large, page, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(reports, "FULL_LIST_UP_TO", 0)
    client.force_login(large.chair)
    url = reverse(page, args=[large.plan_a.slug]) if page == "plan-report" else reverse(page)
    with CaptureQueriesContext(connection) as small:
        client.get(url, QUERY)

    for action in make_many_actions(large.plan_a, 30, owner=large.lincs, theme=large.themes["T1"]):
        make_update(action, "off_track", D(2026, 6, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url, QUERY)


def test_a_large_workbook_is_built_by_a_job_and_is_the_same_workbook(client, large, monkeypatch):
    client.force_login(large.chair)
    url = reverse("plan-report-xlsx", args=[large.plan_a.slug])

    asked = client.get(url, QUERY)
    built = client.post(f"{url}?as_of=2026-06-30&since=2026-04-01&stale=90", follow=True)

    assert "Build the workbook" in asked.text
    workbook = BoardWorkbook.objects.get()
    assert (workbook.status, workbook.requested_by, workbook.as_of) == ("ready", large.chair, AS_OF)
    assert built.redirect_chain == [(reverse("report-workbook", args=[workbook.pk]), 302)]
    download = reverse("report-workbook-download", args=[workbook.pk])
    assert download in built.text
    response = client.get(download)
    assert response["Content-Disposition"] == f'attachment; filename="{large.plan_a.slug}-board-report-2026-06-30.xlsx"'
    monkeypatch.setattr(reports, "FULL_LIST_UP_TO", 200)
    assert sheet_rows(response.content) == sheet_rows(client.get(url, QUERY).content)  # as built at once when small


def test_the_partnership_workbook_covers_the_overviews_plans(client, large):
    client.force_login(large.chair)

    client.post(reverse("report-xlsx") + "?plans=all&as_of=2026-06-30")

    workbook = BoardWorkbook.objects.get()
    assert (workbook.status, workbook.plan, workbook.title) == ("ready", None, "Partnership overview")
    assert set(workbook.plans.all()) == {large.plan_a, large.plan_b, large.plan_p}
    plans = {row[0] for row in sheet_rows(bytes(workbook.content))[1:]}
    assert plans == {large.plan_a.title, large.plan_b.title, large.plan_p.title}


def test_asking_twice_while_it_is_built_gives_the_same_workbook(large):
    first, created = board_workbook_request(
        user=large.chair, plans=[large.plan_a], plan=large.plan_a, period=PERIOD, title="A"
    )
    again, created_again = board_workbook_request(
        user=large.chair, plans=[large.plan_a], plan=large.plan_a, period=PERIOD, title="A"
    )

    assert (again, created, created_again) == (first, True, False)


def test_workbooks_older_than_a_week_go_when_the_next_is_asked_for(large):
    old, _ = board_workbook_request(user=large.chair, plans=[large.plan_a], plan=large.plan_a, period=PERIOD, title="A")
    BoardWorkbook.objects.filter(pk=old.pk).update(requested_at=timezone.now() - datetime.timedelta(days=8))
    recent, _ = board_workbook_request(
        user=large.chair, plans=[large.plan_b], plan=large.plan_b, period=PERIOD, title="B"
    )

    assert list(BoardWorkbook.objects.all()) == [recent]


def test_a_workbook_for_plans_its_asker_may_no_longer_read_is_not_built(client, large):
    workbook, _ = board_workbook_request(
        user=large.lead, plans=[large.plan_a], plan=large.plan_a, period=PERIOD, title="A"
    )
    Membership.objects.filter(user=large.lead).update(organisation=large.thurrock)

    build_board_workbook.enqueue(workbook.pk)

    workbook.refresh_from_db()
    assert (workbook.status, workbook.message, workbook.content) == ("failed", NO_LONGER_READABLE, None)
    client.force_login(large.chair)  # who may read it sees why, and no file
    assert NO_LONGER_READABLE in client.get(reverse("report-workbook", args=[workbook.pk])).text
    assert client.get(reverse("report-workbook-download", args=[workbook.pk])).status_code == 404


def test_a_missing_or_unbuilt_workbook_is_not_found(client, large):
    workbook, _ = board_workbook_request(
        user=large.chair, plans=[large.plan_a], plan=large.plan_a, period=PERIOD, title="A"
    )
    client.force_login(large.chair)

    assert client.get(reverse("report-workbook-download", args=[workbook.pk])).status_code == 404  # not built yet
    assert client.get(reverse("report-workbook", args=[workbook.pk + 1])).status_code == 404
    assert client.get(reverse("report-workbook-download", args=[workbook.pk + 1])).status_code == 404
    assert build_board_workbook.call(workbook.pk + 1) == "gone"


def test_a_workbook_being_built_tells_its_page_so(client, large):
    workbook, _ = board_workbook_request(
        user=large.chair, plans=[large.plan_a], plan=large.plan_a, period=PERIOD, title="A"
    )
    client.force_login(large.chair)

    status = client.get(reverse("report-workbook", args=[workbook.pk]), {"format": "json"}).json()
    page = client.get(reverse("report-workbook", args=[workbook.pk])).text

    assert (status["status"], status["running"]) == ("building", True)
    assert '<meta http-equiv="refresh" content="3">' in page


def test_asking_for_the_workbook_of_a_plan_one_may_not_read_builds_nothing(client, large):
    client.force_login(large.thurrock_officer)

    response = client.post(reverse("plan-report-xlsx", args=[large.plan_a.slug]))

    assert response.status_code == 404
    assert not BoardWorkbook.objects.exists()


def test_the_job_takes_the_same_queries_at_two_data_sizes(large, django_assert_max_num_queries):
    def build() -> int:
        workbook, _ = board_workbook_request(
            user=large.chair, plans=[large.plan_a], plan=large.plan_a, period=PERIOD, title="A"
        )
        with CaptureQueriesContext(connection) as context:
            assert board_workbook_build(workbook).status == "ready"
        return len(context.captured_queries)

    small = build()
    for action in make_many_actions(large.plan_a, 30, owner=large.lincs, theme=large.themes["T1"]):
        action.owner_organisations.add(large.jobcentre)
    assert build() <= small
