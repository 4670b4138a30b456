import datetime

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action, Status
from plans.models import Membership, Plan, Theme
from progress.models import ProgressUpdate
from progress.services import progress_update_save, progress_updates_delete
from tests.builders import make_update


@pytest.fixture
def plan(organisation):
    return Plan.objects.create(organisation=organisation, title="Child Poverty Action Plan", slug="cpap")


def test_a_theme_reads_as_the_plan_writes_its_reference(plan):
    assert str(Theme(plan=plan, reference="Priority 2", title="[…]nways into Employment")) == (
        "Priority 2: […]nways into Employment"
    )
    assert str(Theme(plan=plan, reference="3.", title="Sure Start")) == "3. Sure Start"
    assert str(Theme(plan=plan, title="Economic Poverty")) == "Economic Poverty"


def test_a_theme_cannot_sit_inside_a_theme_of_another_plan(plan, organisation):
    other = Plan.objects.create(organisation=organisation, title="Other", slug="other")
    parent = Theme.objects.create(plan=other, title="Elsewhere")

    with pytest.raises(ValidationError, match="same plan"):
        Theme(plan=plan, parent=parent, title="Aim").full_clean()


def test_a_theme_cannot_sit_inside_itself(plan):
    outcome = Theme.objects.create(plan=plan, title="Outcome")
    aim = Theme.objects.create(plan=plan, parent=outcome, title="Aim")
    outcome.parent = aim

    with pytest.raises(ValidationError, match="inside itself"):
        outcome.full_clean()


def test_a_plan_cannot_end_before_it_starts(plan):
    plan.starts_on, plan.ends_on = datetime.date(2022, 3, 31), datetime.date(2020, 4, 1)

    with pytest.raises(ValidationError, match="cannot end before it starts"):
        plan.full_clean()


def test_an_action_must_sit_in_a_theme_of_its_own_plan(plan, organisation):
    other_theme = Theme.objects.create(
        plan=Plan.objects.create(organisation=organisation, title="Other", slug="other"), title="Elsewhere"
    )

    with pytest.raises(ValidationError, match="belong to the action's plan"):
        Action(plan=plan, theme=other_theme, text="Do something").full_clean()


def test_two_actions_may_share_a_reference(plan):
    theme = Theme.objects.create(plan=plan, title="Poverty of Aspiration")
    Action.objects.create(plan=plan, theme=theme, reference="A4", text="Roll out Triple P")
    Action.objects.create(plan=plan, theme=theme, reference="A4", text="Development of Positive Activities")

    assert plan.actions.filter(reference="A4").count() == 2


def test_progress_updates_come_in_order_with_the_undated_source_update_first(plan):
    action = Action.objects.create(plan=plan, text="Do something")
    later = make_update(action, Status.AT_RISK, datetime.date(2026, 6, 1), narrative="Slipping")
    earlier = make_update(action, Status.ON_TRACK, datetime.date(2026, 1, 1), narrative="Going well")
    from_source = make_update(action, "", None, narrative="As published", from_source_plan=True)

    assert list(action.progress_updates.all()) == [from_source, earlier, later]


@pytest.mark.parametrize(
    "status, colour",
    [
        (Status.NOT_STARTED, "grey"),
        (Status.ON_TRACK, "green"),
        (Status.AT_RISK, "amber"),
        (Status.OFF_TRACK, "red"),
        (Status.COMPLETED, "blue"),
    ],
)
def test_every_status_has_a_rag_colour(status, colour):
    assert status.colour == colour


def test_a_percentage_complete_over_100_is_refused(plan):
    update = ProgressUpdate(action=Action.objects.create(plan=plan, text="x"), narrative="n", percent_complete=101)

    with pytest.raises(ValidationError, match="100"):
        update.full_clean()


def test_an_officer_must_belong_to_an_organisation(make_user):
    user = make_user("olive", Membership.Role.ADMIN)
    membership = user.membership
    membership.role = Membership.Role.OFFICER

    with pytest.raises(ValidationError, match="belongs to an organisation"):
        membership.full_clean()


def test_an_actions_summary_follows_its_latest_update(plan):
    action = Action.objects.create(plan=plan, text="Do something")
    assert (action.current_status, action.last_updated_on) == ("none", None)

    update = ProgressUpdate(
        action=action, status=Status.AT_RISK, narrative="n", date_of_update=datetime.date(2026, 2, 1)
    )
    progress_update_save(update=update, user=None)
    action.refresh_from_db()
    assert (action.current_status, action.last_updated_on) == ("at_risk", datetime.date(2026, 2, 1))

    progress_updates_delete(updates=[update], user=None)
    action.refresh_from_db()
    assert action.current_status == "none"


def test_saving_an_action_loaded_earlier_keeps_its_summary(plan):
    action = Action.objects.create(plan=plan, text="Do something")
    stale_copy = Action.objects.get(pk=action.pk)
    progress_update_save(update=ProgressUpdate(action=action, status=Status.COMPLETED, narrative="Done"), user=None)

    stale_copy.text = "Do something else"
    stale_copy.save()

    action.refresh_from_db()
    assert (action.text, action.current_status) == ("Do something else", "completed")


def test_themes_nest_at_most_two_levels(plan):
    outcome = Theme.objects.create(plan=plan, title="Outcome")
    aim = Theme.objects.create(plan=plan, title="Aim", parent=outcome)
    too_deep = Theme(plan=plan, title="Too deep", parent=aim)

    assert Theme.DEPTH == 2
    aim.full_clean()
    with pytest.raises(ValidationError, match="at most 2 levels"):
        too_deep.full_clean()


def test_a_theme_with_themes_inside_cannot_move_inside_another(plan):
    outcome = Theme.objects.create(plan=plan, title="Outcome")
    Theme.objects.create(plan=plan, title="Aim", parent=outcome)
    other = Theme.objects.create(plan=plan, title="Other")
    outcome.parent = other

    with pytest.raises(ValidationError, match="at most 2 levels"):
        outcome.full_clean()


def test_imports_and_exports_read_as_many_theme_levels_as_themes_have():
    from imports.columns import THEME_FIELDS

    assert len(THEME_FIELDS) == Theme.DEPTH


@pytest.mark.parametrize(
    "status, tag",
    [
        (Status.NOT_STARTED, "govuk-tag--grey"),
        (Status.ON_TRACK, "govuk-tag--green"),
        (Status.AT_RISK, "govuk-tag--orange"),
        (Status.OFF_TRACK, "govuk-tag--red"),
        (Status.COMPLETED, "govuk-tag--blue"),
        (Status.NOT_RECORDED, "govuk-tag--grey"),
        (Status.NO_UPDATE, "govuk-tag--grey"),
    ],
)
def test_every_reported_status_has_one_label_colour_tag_and_fill(status, tag):
    assert status.tag_class == tag
    assert status.fill.startswith("#") and status.label and status.colour


def test_an_update_states_one_of_the_first_five_statuses():
    field = ProgressUpdate._meta.get_field("status")

    assert [value for value, _ in field.choices] == ["not_started", "on_track", "at_risk", "off_track", "completed"]
