"""Writes to actions. Views call these; they validate, save and keep history."""

from django.db import transaction

from plans.locks import share_for_writing

from .models import Action


class EditConflict(Exception):
    """Someone else saved the action after this edit began."""

    def __init__(self, current: Action):
        super().__init__(f"Action {current.pk} was changed by someone else")
        self.current = current


@transaction.atomic
def action_update(*, action: Action, user, expected_version: int, m2m: dict | None = None) -> Action:
    """Save the edited `action` (its fields already set) unless it has been saved
    since `expected_version` was read; then raise EditConflict with what is saved now."""
    share_for_writing([action.plan_id])  # not while the plan is being imported or undone
    # One conditional UPDATE claims the next version: of two concurrent edits
    # from the same version only one can match, on SQLite and PostgreSQL alike.
    claimed = Action.objects.filter(pk=action.pk, version=expected_version).update(version=expected_version + 1)
    if not claimed:
        raise EditConflict(Action.objects.get(pk=action.pk))
    action.version = expected_version + 1
    action.full_clean()
    # One history record per edit: set the owners and indicators quietly, then
    # save once, and the record keeps them with the fields.
    action.skip_history_when_saving = True
    try:
        for name, values in (m2m or {}).items():
            getattr(action, name).set(values)
    finally:
        del action.skip_history_when_saving
    action._history_user = user
    action.save()
    return action
