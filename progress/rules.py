"""Who may do what with progress updates. Posting: admins, and members of an
organisation that owns the action. Approving or returning a submitted
update: admins, and lead officers of an organisation that owns its action
(nobody their own: progress.services refuses that with a message).
Correcting or withdrawing: the update's author or an admin, while the update
may still change (ProgressUpdate.may_still_change). Other changes are made
in the Django admin, whose changes the history keeps."""

import rules

from actions.rules import belongs_to_an_owner, can_read_action
from plans.rules import is_admin, is_lead_officer


@rules.predicate
def can_read_its_action(user, update) -> bool:
    return update is not None and can_read_action(user, update.action)


@rules.predicate
def lead_of_its_owner(user, update) -> bool:
    return update is not None and is_lead_officer(user) and belongs_to_an_owner(user, update.action)


@rules.predicate
def is_its_author(user, update) -> bool:
    return update is not None and update.author_id is not None and update.author_id == user.pk


@rules.predicate
def may_still_change(user, update) -> bool:
    return update is not None and update.may_still_change()


# The object is the action the update is for.
rules.add_perm("progress.post_update", is_admin | (can_read_action & belongs_to_an_owner))
# Without an object: whether the user approves anyone's updates (the page and its link).
rules.add_perm("progress.see_approvals", is_admin | is_lead_officer)
# The object is the update. Whether it is still awaiting approval is the
# service's to say (someone else may have just approved it).
rules.add_perm("progress.review_update", can_read_its_action & (is_admin | lead_of_its_owner))
# Cheapest first: the action page asks these of each update on it.
rules.add_perm("progress.correct_update", may_still_change & (is_its_author | is_admin) & can_read_its_action)
rules.add_perm("progress.withdraw_update", may_still_change & (is_its_author | is_admin) & can_read_its_action)
