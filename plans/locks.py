"""Who may write a plan's content while an import or its undo is running.

An import keeps a copy of the plan as it was before, and a fingerprint of
the plan as it left it; undoing puts the copy back only if the fingerprint
still matches (imports/undo.py). An officer's update committed while the
import ran would be in neither the copy nor, as far as undo could tell, in
what changed since: undoing would remove it without a word. So an import and
an undo hold their plan for the whole of their transaction, and every write
to a plan's themes, actions and progress updates waits for them, and they
for it.

Everyday writers share the plan (PostgreSQL's FOR SHARE: any number at
once, each for a few milliseconds); an import or undo holds it alone (FOR NO
KEY UPDATE, which leaves rows that merely point at the plan free to be
written). Each is taken first in its transaction, before any row lock, so
two transactions never wait for each other in a circle.

SQLite needs neither: it lets one connection write at a time, so nothing is
committed while an import's transaction is open."""

from collections.abc import Iterable

from django.db import connection

from .models import Plan


def share_for_writing(plan_ids: Iterable[int]) -> None:
    """Before writing the themes, actions or progress updates of these plans: wait
    for any import or undo of them to finish, and keep them from starting
    until this transaction ends. `plan_ids` may be a queryset: it is read
    only where there is something to lock."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # In id order, so writers to several plans take them in one order.
        cursor.execute(
            f"SELECT 1 FROM {connection.ops.quote_name(Plan._meta.db_table)} WHERE id = ANY(%s) ORDER BY id FOR SHARE",
            [sorted(set(plan_ids))],
        )


def hold_for_replacing(plan_id: int) -> None:
    """Before an import into the plan or its undo reads it: wait for the
    writes under way to commit, and keep new ones waiting until this
    transaction ends."""
    list(Plan.objects.select_for_update(no_key=True).filter(pk=plan_id).values_list("pk", flat=True))
