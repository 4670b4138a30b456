"""A large partnership's board report as printed: what a board reads, on a
few pages, not every action. "Large" is lowered to 20 actions here
(dashboards.reports.FULL_LIST_UP_TO), so the five council plans (121 actions)
stand in for a partnership of thousands."""

import pytest

from dashboards import reports
from tests.e2e.test_report_pdf import endings, printed

pytestmark = pytest.mark.e2e

ALL_PLANS = "/dashboard/report/?plans=all"


def test_a_large_report_prints_what_a_board_reads_on_a_few_pages(page, sign_in, users, screenshot, monkeypatch):
    monkeypatch.setattr(reports, "FULL_LIST_UP_TO", 20)  # the live server runs in this process
    chair = sign_in(users.chair)

    report = printed(chair, ALL_PLANS, "board-report-large")
    chair.emulate_media(media="screen")
    screenshot(chair, "board-report-large")

    assert "Every action" in report.headings and "Off-track actions" in report.headings
    assert chair.locator(".app-report__section").count() == 0
    for number, text in enumerate(report.pages, start=1):
        assert report.title in text and f"Page {number} of {len(report.pages)}" in text
        for heading in report.headings:
            assert not text.endswith(tuple(endings(heading))), f"page {number} ends with (part of) {heading!r}"
    assert len(report.pages) <= 6  # 5 measured: the summary, with no table of every action
