"""Who may post a progress update on an action: admins, and members of an
organisation that owns the action. Updates are never edited or deleted
outside the Django admin, whose changes the history keeps."""

import rules

from actions.rules import belongs_to_an_owner, can_read_action
from plans.rules import is_admin

# The object is the action the update is for.
rules.add_perm("progress.post_update", is_admin | (can_read_action & belongs_to_an_owner))
