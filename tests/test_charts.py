"""The status chart (dashboards/charts.py) is laid out so that its text never
scales with its box, and its key is a list that wraps on a phone."""

from dataclasses import dataclass

from actions.models import Status
from dashboards.charts import status_bars


@dataclass
class Row:
    label: str
    counts: dict

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list:
        return [(status, status.label, self.counts.get(status, 0), "") for status in Status]


ROWS = [Row("Housing", {Status.ON_TRACK: 3, Status.OFF_TRACK: 1}), Row("Work", {Status.NO_UPDATE: 2})]


def test_the_chart_has_no_viewbox_so_its_text_keeps_its_size():
    chart = status_bars(ROWS, title="Actions by status")

    assert "viewBox" not in chart and 'width="100%"' in chart


def test_the_bars_are_measured_in_per_cent_of_the_width_the_longest_at_88():
    chart = status_bars(ROWS, title="Actions by status")

    assert 'x="0.00%" y="20" width="66.00%"' in chart  # Housing: 3 of its 4 on track
    assert 'x="66.00%" y="20" width="22.00%"' in chart  # then 1 off track


def test_the_key_names_each_colour_in_a_list():
    chart = status_bars(ROWS, title="Actions by status")

    assert chart.count('<li class="app-chart-legend__item">') == len(Status)
    assert "Off track</li>" in chart and "No update yet</li>" in chart


def test_no_chart_without_actions():
    assert status_bars([Row("Empty", {})], title="Actions by status") == ""
