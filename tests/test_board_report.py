import io

import openpyxl
from django.urls import reverse

from tests.test_dashboard import QUERY, known  # noqa: F401 (the fixture)


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
    assert book.sheetnames == ["Summary", "Actions"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row and row[0]}
    assert (summary["Actions"], summary["Overdue (due date passed, not completed)"], summary["Updates late"]) == (
        6,
        1,
        2,
    )
    actions = list(book["Actions"].iter_rows(values_only=True))
    assert actions[0][:4] == ("Plan", "Theme", "Reference", "Action")
    a5 = next(row for row in actions if row[3] == "a5")
    assert a5[7] == "On track"  # the update of 15 July, after the as-of day, is ignored


def test_the_partnership_report_is_sectioned_by_plan(client, known):  # noqa: F811
    client.force_login(known.chair)

    page = client.get(reverse("report"), QUERY).text

    assert page.count('class="app-report__section"') == 3  # the three plans with actions
