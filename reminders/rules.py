"""Who may do what with reminders. Each person changes their own settings
(any signed-in user); only admins preview anyone's emails and send tests."""

import rules

from plans.rules import is_admin

rules.add_perm("reminders.preview_reminders", is_admin)
