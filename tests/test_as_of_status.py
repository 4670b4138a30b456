"""An action's status as of a day is found once per action and joined
(ActionQuerySet.with_latest_update, with_status_on): it follows the same rule
as the subquery that keeps the summary columns (reported_status_on)."""

import datetime

import pytest

from actions.models import Action, Status, latest_update_on, reported_status_on
from tests.builders import make_action, make_organisation, make_plan, make_update

D = datetime.date


@pytest.fixture
def actions(db):
    plan = make_plan(make_organisation("Kirklees Council"))
    told = make_action(plan, "Told its story")
    make_update(told, "", None)  # from the published plan: always stood
    make_update(told, "on_track", D(2026, 1, 10))
    make_update(told, "off_track", D(2026, 1, 10))  # the same day, written later: the latest
    make_update(told, "completed", D(2026, 2, 1), state="submitted")  # never counted
    make_update(told, "completed", D(2026, 3, 1))
    undated = make_action(plan, "Only the published plan's word")
    make_update(undated, "", None)
    silent = make_action(plan, "No update")
    return Action.objects.filter(pk__in=[told.pk, undated.pk, silent.pk]).order_by("pk")


@pytest.mark.parametrize(
    ("day", "told"),
    [
        (D(2026, 1, 5), (Status.NOT_RECORDED, None)),
        (D(2026, 1, 15), (Status.OFF_TRACK, D(2026, 1, 10))),
        (D(2026, 2, 15), (Status.OFF_TRACK, D(2026, 1, 10))),
        (D(2026, 3, 1), (Status.COMPLETED, D(2026, 3, 1))),
    ],
)
def test_the_status_as_of_a_day_is_the_latest_approved_update_then(actions, day, told):
    joined = actions.with_latest_update(as_of=day).with_status_on(day, "status_then")
    by_subquery = actions.annotate(status=reported_status_on(day), on=latest_update_on(day))

    assert [(a.reported_status, a.latest_update_on) for a in joined] == [
        told,
        (Status.NOT_RECORDED, None),
        (Status.NO_UPDATE, None),
    ]
    assert [a.status_then for a in joined] == [a.reported_status for a in joined]
    assert [(a.status, a.on) for a in by_subquery] == [(a.reported_status, a.latest_update_on) for a in joined]
