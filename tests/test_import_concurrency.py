"""Two admins confirming the same import at the same moment: exactly one
imports, the other is told so and writes nothing. An officer's update posted
while an import or its undo runs waits for it, and is never lost to an undo.

Real concurrent requests need real transactions and a database that lets two
connections write at once, so this runs on PostgreSQL only."""

import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actions.services import action_update
from imports import undo
from imports.forms import read_upload
from imports.models import ImportRecord
from imports.services import import_record_check, import_record_claim, import_record_confirm_steps, import_record_create
from imports.undo import NotUndoable, import_record_undo, import_record_undo_claim
from plans.models import Membership
from progress.models import ProgressUpdate
from progress.services import progress_update_create
from tests.builders import make_action, make_organisation, make_plan
from tests.spreadsheets.files import HEADINGS, xlsx

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite lets one connection write at a time, so two confirmations cannot truly race there",
    ),
]


def five_actions() -> bytes:
    return xlsx([
        HEADINGS,
        *[["Economic Poverty", f"E{n}", f"Action {n}", "Job Centre Plus", "Annual", f"Progress {n}"] for n in range(1, 6)],
    ])  # fmt: skip


def confirm_at_the_same_moment(clients: list[Client], url: str) -> list[str]:
    """Each client posts `url` once all are ready; the pages they end on."""
    barrier = threading.Barrier(len(clients))
    pages: list[str | BaseException] = [""] * len(clients)

    def confirm(index: int, client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            response = client.post(url)
            pages[index] = client.get(response.url).text
        except BaseException as error:  # reported by the test, not lost in the thread
            pages[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(index, client)) for index, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for page in pages:
        if isinstance(page, BaseException):
            raise page
    return pages


def test_two_admins_confirming_at_once_import_once(make_user):
    council = make_organisation("Lincolnshire County Council")
    plan = make_plan(council, "Lincolnshire Plan")
    ada, grace = make_user("ada", Membership.Role.ADMIN), make_user("grace", Membership.Role.ADMIN)
    clients = []
    for admin in (ada, grace):
        client = Client()
        client.force_login(admin)
        clients.append(client)
    clients[0].post(reverse("import-new"), {"file": SimpleUploadedFile("plan.xlsx", five_actions()), "plan": plan.pk})
    record = ImportRecord.objects.get()
    assert record.counts["actions_new"] == 5 and not record.problems

    pages = confirm_at_the_same_moment(clients, reverse("import-confirm", args=[record.pk]))

    succeeded = [index for index, page in enumerate(pages) if "Import complete" in page]
    assert len(succeeded) == 1, pages
    winner, loser = (ada, grace) if succeeded == [0] else (grace, ada)
    refused = pages[1 - succeeded[0]]
    assert (
        "This import is already being confirmed by winner" in refused.replace(winner.username, "winner")
        or "This import was confirmed on" in refused
    ), refused
    assert Action.objects.filter(plan=plan).count() == 5
    assert ProgressUpdate.objects.filter(action__plan=plan).count() == 5
    record.refresh_from_db()
    assert (record.status, record.confirmed_by, record.content) == ("imported", winner, None)
    assert loser != record.confirmed_by


def test_an_import_given_up_on_while_it_runs_writes_nothing(make_user):
    """`expire_imports` marks an import still running after its limit as
    interrupted; the import, finishing later, then keeps nothing."""
    plan = make_plan(make_organisation("Lincolnshire County Council"), "Lincolnshire Plan")
    ada = make_user("ada", Membership.Role.ADMIN)
    rows = read_upload("plan.xlsx", five_actions())
    record = import_record_create(user=ada, file_name="plan.xlsx", content=five_actions(), plan=plan, new_plan={})
    record = import_record_check(record=record, user=ada, rows=rows)
    steps = import_record_confirm_steps(record=import_record_claim(record=record, user=ada), user=ada)
    assert next(steps) == (5, 5)  # the import's transaction is open, its rows written but not committed
    errors = []

    def expire_on_another_connection():
        try:
            ImportRecord.objects.filter(pk=record.pk).update(confirmed_at=timezone.now() - timedelta(hours=2))
            call_command("expire_imports", stdout=StringIO())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=expire_on_another_connection)
    thread.start()
    thread.join(timeout=60)
    *_, ended = steps

    assert not errors and ended.status == "interrupted"
    assert Action.objects.filter(plan=plan).count() == 0


# --- An update posted while an import or its undo runs ----------------------------


def waiting_for_a_lock() -> bool:
    """Whether another connection is waiting for a lock, polled for up to 30 seconds."""
    with connection.cursor() as cursor:
        for _ in range(300):
            # Inside a transaction PostgreSQL keeps answering from its first snapshot of the view.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.1)
    return False


def in_another_thread(work) -> tuple[threading.Thread, list]:
    """Start `work` on a connection of its own; the list gets any error it raises."""
    errors = []

    def run():
        try:
            work()
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def post_on(action: Action, author, narrative: str):
    return lambda: progress_update_create(
        action=action, author=author, status="at_risk", narrative=narrative, date_of_update=timezone.localdate()
    )


@pytest.fixture
def lincolnshire(make_user):
    council = make_organisation("Lincolnshire County Council")
    plan = make_plan(council, "Lincolnshire Plan")
    action = make_action(plan, "An action the file does not have", reference="X1")
    return plan, action, make_user("ada", Membership.Role.ADMIN), make_user("olu", Membership.Role.OFFICER, council)


def imported(plan, admin):
    """Five actions imported into `plan`, leaving the one it had alone,
    stopped after its rows are written and before it commits."""
    record = import_record_create(user=admin, file_name="plan.xlsx", content=five_actions(), plan=plan, new_plan={})
    record = import_record_check(record=record, user=admin, rows=read_upload("plan.xlsx", five_actions()))
    steps = import_record_confirm_steps(record=import_record_claim(record=record, user=admin), user=admin)
    assert next(steps) == (5, 5)  # the import's transaction is open
    return steps


def posting_an_update(action, olu, ada):
    return post_on(action, olu, "Posted while the import ran")


def editing_the_action_on_its_page(action, olu, ada):
    def edit():
        action.text = "Edited while the import ran"
        action_update(action=action, user=olu, expected_version=action.version)

    return edit


def correcting_the_action_in_the_admin(action, olu, ada):
    admin = Client()
    admin.force_login(ada)
    url = reverse("admin:actions_action_change", args=[action.pk])
    form = admin.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({
        "text": "Corrected in the admin while the import ran", "owner_organisations": [], "indicators": [],
        "progress_updates-TOTAL_FORMS": "0", "progress_updates-INITIAL_FORMS": "0",
    })  # fmt: skip

    def correct():
        response = admin.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors

    return correct


@pytest.mark.parametrize(
    "writing, undo_refused_because",
    [
        (posting_an_update, "1 progress update was posted"),
        (editing_the_action_on_its_page, "actions were edited"),
        (correcting_the_action_in_the_admin, "actions were edited"),
    ],
)
def test_a_write_made_while_an_import_runs_waits_for_it_and_then_stops_its_undo(
    lincolnshire, writing, undo_refused_because
):
    """Undoing puts back the plan as it was before the import: a write that
    slipped in while the import ran would be undone with it, unseen."""
    plan, action, ada, olu = lincolnshire
    write = writing(action, olu, ada)
    steps = imported(plan, ada)

    thread, errors = in_another_thread(write)
    waited = waiting_for_a_lock()
    *_, record = steps
    thread.join(timeout=60)

    assert waited, "the write did not wait for the import"
    assert not errors and record.status == "imported"
    with pytest.raises(NotUndoable, match=undo_refused_because):
        import_record_undo_claim(record=record, user=ada)


def test_an_update_posted_while_an_undo_runs_waits_for_it_and_is_kept(lincolnshire, monkeypatch):
    plan, action, ada, olu = lincolnshire
    *_, record = imported(plan, ada)
    record = import_record_undo_claim(record=record, user=ada)
    checked, go_on = threading.Event(), threading.Event()

    def undo_for_then_wait(*args, **kwargs):  # the plan is held, and checked unchanged
        found = undo_for(*args, **kwargs)
        checked.set()
        assert go_on.wait(timeout=60)
        return found

    undo_for = undo.undo_for
    monkeypatch.setattr(undo, "undo_for", undo_for_then_wait)
    undoing, undo_errors = in_another_thread(lambda: import_record_undo(record=record, user=ada))
    assert checked.wait(timeout=60)
    posting, post_errors = in_another_thread(post_on(action, olu, "Posted while the undo ran"))
    waited = waiting_for_a_lock()
    go_on.set()
    undoing.join(timeout=60)
    posting.join(timeout=60)

    assert waited, "the update did not wait for the undo"
    assert not undo_errors and not post_errors
    record.refresh_from_db()
    assert record.status == "undone"
    assert list(Action.objects.filter(plan=plan).values_list("reference", flat=True)) == ["X1"]
    assert ProgressUpdate.objects.filter(action=action, narrative="Posted while the undo ran").exists()
