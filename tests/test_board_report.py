"""The board report, printable and as a workbook, against the known data of
tests/test_dashboard.py (as of 30 June 2026, changes since 1 April 2026)."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.builders import make_many_actions
from tests.test_dashboard import QUERY, known, queries  # noqa: F401 (the fixture)


def workbook_of(client, world) -> openpyxl.Workbook:
    client.force_login(world.chair)
    response = client.get(reverse("plan-report-xlsx", args=[world.plan_a.slug]), QUERY)
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def actions_by_text(book: openpyxl.Workbook) -> dict[str, dict]:
    """Each row of the Actions sheet as {header: value}, by the action's text."""
    headers, *rows = book["Actions"].iter_rows(values_only=True)
    return {row[headers.index("Action")]: dict(zip(headers, row, strict=True)) for row in rows}


def test_the_printable_report_has_a_section_per_theme(client, known):  # noqa: F811
    client.force_login(known.chair)

    response = client.get(reverse("plan-report", args=[known.plan_a.slug]), QUERY)

    page = response.text
    assert response.status_code == 200
    assert "As of 30 June 2026. Changes since 1 April 2026." in page
    assert page.count('class="app-report__section"') == 2  # T1 and T2, each from a new page in print
    assert "govuk-service-navigation" not in page  # no navigation on paper


def test_the_report_workbook_has_a_summary_and_the_actions_with_their_latest_update(client, known):  # noqa: F811
    client.force_login(known.chair)

    response = client.get(reverse("plan-report-xlsx", args=[known.plan_a.slug]), QUERY)

    assert response["Content-Disposition"] == f'attachment; filename="{known.plan_a.slug}-board-report-2026-06-30.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Actions", "Indicators"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row and row[0]}
    assert (summary["Actions"], summary["Overdue (due date passed, not completed)"], summary["Updates late"]) == (
        6,
        1,
        2,
    )
    actions = list(book["Actions"].iter_rows(values_only=True))
    assert actions[0][:4] == ("Plan", "Theme", "Reference", "Action")
    assert (
        actions_by_text(book)["a5"]["Latest status"] == "On track"
    )  # the update of 15 July, after the as-of day, is ignored


def test_the_actions_sheet_names_each_actions_owner_organisations(client, known):  # noqa: F811
    known.known["a1"].owner_organisations.add(known.jobcentre)

    actions = actions_by_text(workbook_of(client, known))

    assert actions["a1"]["Owner organisations"] == "Jobcentre Plus; Lincolnshire County Council"
    assert actions["a2"]["Owner organisations"] == "Jobcentre Plus"


def test_the_actions_sheet_counts_the_days_overdue_as_of_the_reports_day(client, known):  # noqa: F811
    actions = actions_by_text(workbook_of(client, known))

    assert {text: (row["Due date"], row["Days overdue"]) for text, row in actions.items()} == {
        "a1": (datetime.datetime(2026, 5, 31), 30),
        "a2": (None, None),
        "a3": (datetime.datetime(2026, 3, 31), None),  # completed on 15 April: not overdue
        "a4": (None, None),
        "a5": (None, None),
        "a6": (None, None),
    }


def test_the_actions_sheet_counts_the_days_since_the_last_update_as_of_the_reports_day(client, known):  # noqa: F811
    actions = actions_by_text(workbook_of(client, known))

    assert {text: row["Days since last update"] for text, row in actions.items()} == {
        "a1": 51,  # 10 May
        "a2": 121,  # 1 March
        "a3": 76,  # 15 April
        "a4": None,  # no update
        "a5": 10,  # 20 June; the update of 15 July comes after the report's day
        "a6": 86,  # 5 April
    }


@pytest.mark.parametrize("sheet", ["Summary", "Actions"])
def test_every_sheet_prints_one_landscape_page_wide_with_its_header_row_on_each_page(client, known, sheet):  # noqa: F811
    worksheet = workbook_of(client, known)[sheet]

    assert worksheet.page_setup.orientation == "landscape"
    assert worksheet.sheet_properties.pageSetUpPr.fitToPage
    assert (worksheet.page_setup.fitToWidth, worksheet.page_setup.fitToHeight) == (1, 0)
    assert worksheet.print_title_rows == "$1:$1"


def test_only_the_actions_sheet_has_a_filter(client, known):  # noqa: F811
    book = workbook_of(client, known)

    assert book["Summary"].auto_filter.ref is None
    assert book["Actions"].auto_filter.ref == "A1:M7"


def test_the_plan_workbook_takes_the_same_queries_at_two_data_sizes(client, known, django_assert_max_num_queries):  # noqa: F811
    client.force_login(known.chair)
    url = reverse("plan-report-xlsx", args=[known.plan_a.slug])
    for action in make_many_actions(known.plan_a, 10, owner=known.lincs, theme=known.themes["T2"]):
        action.owner_organisations.add(known.jobcentre)
    small = queries(client, url, QUERY)

    for action in make_many_actions(known.plan_a, 200, owner=known.lincs, theme=known.themes["T1"]):
        action.owner_organisations.add(known.jobcentre)
    with django_assert_max_num_queries(small):
        client.get(url, QUERY)


def test_the_partnership_report_is_sectioned_by_plan(client, known):  # noqa: F811
    client.force_login(known.chair)

    page = client.get(reverse("report"), {**QUERY, "plans": "all"}).text

    assert page.count('class="app-report__section"') == 3  # the three plans with actions
