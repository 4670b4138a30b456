"""Every page × every role: who may see or change what. Editing a URL to
another organisation's plan or action reveals nothing and changes nothing."""

from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse

from progress.models import ProgressUpdate
from reminders.links import no_change_url
from reminders.models import SentReminder
from tests.builders import make_update

ROLES = ["anonymous", "admin", "chair", "lead", "officer", "thurrock_officer", "stranger"]

PAGES = {
    "health": lambda w: reverse("health"),
    "my_actions": lambda w: reverse("my-actions"),
    "plan_list": lambda w: reverse("plan-list"),
    "plan_a": lambda w: reverse("plan-detail", args=[w.plan_a.slug]),
    "plan_b": lambda w: reverse("plan-detail", args=[w.plan_b.slug]),
    "plan_p": lambda w: reverse("plan-detail", args=[w.plan_p.slug]),
    "action_list": lambda w: reverse("action-list"),
    "action_a": lambda w: reverse("action-detail", args=[w.action_a.pk]),
    "action_a2": lambda w: reverse("action-detail", args=[w.action_a2.pk]),
    "action_b": lambda w: reverse("action-detail", args=[w.action_b.pk]),
    "action_p": lambda w: reverse("action-detail", args=[w.action_p.pk]),
    "update_a": lambda w: reverse("progress-update-new", args=[w.action_a.pk]),
    "update_a2": lambda w: reverse("progress-update-new", args=[w.action_a2.pk]),
    "update_b": lambda w: reverse("progress-update-new", args=[w.action_b.pk]),
    "update_p": lambda w: reverse("progress-update-new", args=[w.action_p.pk]),
    "edit_a": lambda w: reverse("action-edit", args=[w.action_a.pk]),
    "edit_b": lambda w: reverse("action-edit", args=[w.action_b.pk]),
    "edit_p": lambda w: reverse("action-edit", args=[w.action_p.pk]),
    "settings_a": lambda w: reverse("plan-settings", args=[w.plan_a.slug]),
    "settings_b": lambda w: reverse("plan-settings", args=[w.plan_b.slug]),
    "settings_p": lambda w: reverse("plan-settings", args=[w.plan_p.slug]),
    "details_a": lambda w: reverse("plan-settings-details", args=[w.plan_a.slug]),
    "details_b": lambda w: reverse("plan-settings-details", args=[w.plan_b.slug]),
    "details_p": lambda w: reverse("plan-settings-details", args=[w.plan_p.slug]),
    "pattern_a": lambda w: reverse("plan-pattern", args=[w.plan_a.slug]),
    "round_new_a": lambda w: reverse("plan-round-new", args=[w.plan_a.slug]),
}

# What each role gets on each page:       anonymous  admin  chair  lead   officer thurrock stranger
EXPECTED = {
    "health":      [200,       200,   200,   200,   200,    200,     200],
    "my_actions":  ["login",   200,   200,   200,   200,    200,     200],
    "plan_list":   [200,       200,   200,   200,   200,    200,     200],
    "plan_a":      ["login",   200,   200,   200,   200,    404,     404],
    "plan_b":      ["login",   200,   200,   404,   404,    200,     404],
    "plan_p":      [200,       200,   200,   200,   200,    200,     200],
    "action_list": [200,       200,   200,   200,   200,    200,     200],
    "action_a":    ["login",   200,   200,   200,   200,    404,     404],
    "action_a2":   ["login",   200,   200,   200,   200,    404,     404],
    "action_b":    ["login",   200,   200,   404,   404,    200,     404],
    "action_p":    [200,       200,   200,   200,   200,    200,     200],
    "update_a":    ["login",   200,   403,   200,   200,    404,     404],
    "update_a2":   ["login",   200,   403,   403,   403,    404,     404],
    "update_b":    ["login",   200,   403,   404,   404,    200,     404],
    "update_p":    ["login",   200,   403,   403,   403,    403,     403],
    "edit_a":      ["login",   200,   403,   200,   403,    404,     404],
    "edit_b":      ["login",   200,   403,   404,   404,    403,     404],
    "edit_p":      ["login",   200,   403,   403,   403,    403,     403],
    "settings_a":  ["login",   200,   403,   200,   403,    404,     404],
    "settings_b":  ["login",   200,   403,   404,   404,    403,     404],
    "settings_p":  ["login",   200,   403,   403,   403,    403,     403],
    "details_a":   ["login",   200,   403,   200,   403,    404,     404],
    "details_b":   ["login",   200,   403,   404,   404,    403,     404],
    "details_p":   ["login",   200,   403,   403,   403,    403,     403],
    "pattern_a":   ["login",   200,   403,   200,   403,    404,     404],
    "round_new_a": ["login",   200,   403,   200,   403,    404,     404],
}  # fmt: skip

CASES = [(page, role, EXPECTED[page][index]) for page in PAGES for index, role in enumerate(ROLES)]


def sign_in(client, world, role: str) -> None:
    if role != "anonymous":
        client.force_login(getattr(world, role))


def assert_answers(response, url: str, expected) -> None:
    """`expected` is a status code, or "login": sent to sign in, and back to `url` after."""
    if expected == "login":
        assert response.status_code == 302 and response.url == f"{reverse('login')}?next={url}"
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("page, role, expected", CASES, ids=[f"{page}-{role}" for page, role, _ in CASES])
def test_each_role_gets_what_it_may_see(client, world, page, role, expected):
    sign_in(client, world, role)
    url = PAGES[page](world)

    response = client.get(url)

    assert_answers(response, url, expected)


REFUSED_UPDATES = [(page, role, status) for page, role, status in CASES if page.startswith("update_") and status != 200]
REFUSED_EDITS = [(page, role, status) for page, role, status in CASES if page.startswith("edit_") and status != 200]


@pytest.mark.parametrize(
    "page, role, expected", REFUSED_UPDATES, ids=[f"{page}-{role}" for page, role, _ in REFUSED_UPDATES]
)
def test_a_refused_progress_update_writes_nothing(client, world, page, role, expected):
    sign_in(client, world, role)
    data = {
        "status": "on_track",
        "narrative": "Trying to post on someone else's action",
        "date_of_update_day": "1",
        "date_of_update_month": "1",
        "date_of_update_year": "2026",
    }

    response = client.post(PAGES[page](world), data)

    assert response.status_code == (302 if expected == "login" else expected)
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "page, role, expected", REFUSED_EDITS, ids=[f"{page}-{role}" for page, role, _ in REFUSED_EDITS]
)
def test_a_refused_edit_changes_nothing(client, world, page, role, expected):
    sign_in(client, world, role)
    action = {"edit_a": world.action_a, "edit_b": world.action_b, "edit_p": world.action_p}[page]

    response = client.post(PAGES[page](world), {"text": "Rewritten by someone else", "version": action.version})

    assert response.status_code == (302 if expected == "login" else expected)
    action.refresh_from_db()
    assert action.text != "Rewritten by someone else"
    assert action.version == 1


def test_lists_show_only_what_the_user_may_read(client, world):
    client.force_login(world.officer)

    plans = client.get(reverse("plan-list")).context["plans"]
    actions = client.get(reverse("action-list")).context["page_obj"].object_list

    assert {plan.slug for plan in plans} == {"plan-a", "plan-p"}
    assert {action.pk for action in actions} == {world.action_a.pk, world.action_a2.pk, world.action_p.pk}


def test_searching_cannot_find_another_organisations_actions(client, world):
    client.force_login(world.officer)

    response = client.get(reverse("action-list"), {"q": "Wishes"})

    assert response.context["page_obj"].paginator.count == 0


def test_filtering_by_a_plan_the_user_may_not_read_is_an_error_not_a_leak(client, world):
    client.force_login(world.officer)

    response = client.get(reverse("action-list"), {"plan": world.plan_b.pk})

    assert response.status_code == 200
    assert "plan" in response.context["filter"].form.errors
    assert world.action_b not in response.context["page_obj"].object_list


def test_anonymous_visitors_are_asked_to_sign_in_when_no_plan_is_public(client, world):
    world.plan_p.is_public = False
    world.plan_p.save()

    for name in ["plan-list", "action-list"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_officer_reads_a_plan_outside_the_partnership_where_their_organisation_owns_an_action(client, world):
    world.action_b.owner_organisations.add(world.lincs)
    client.force_login(world.officer)

    assert client.get(reverse("plan-detail", args=[world.plan_b.slug])).status_code == 200
    assert client.get(reverse("progress-update-new", args=[world.action_b.pk])).status_code == 200


def test_an_inactive_user_sees_nothing(client, world):
    world.officer.is_active = False
    world.officer.save()
    client.force_login(world.officer)

    assert client.get(reverse("plan-detail", args=[world.plan_a.slug])).status_code == 302


def test_a_superuser_without_a_membership_is_an_admin(client, world):
    world.stranger.is_superuser = True
    world.stranger.save()
    client.force_login(world.stranger)

    assert client.get(reverse("action-edit", args=[world.action_b.pk])).status_code == 200


# --- Imports: admins only, every page and every write ------------------------------


def _import_record(world):
    """A previewed import of the small plan into plan A, made once per test."""
    if not hasattr(world, "import_record"):
        from imports.services import import_record_check, import_record_create
        from tests.spreadsheets.files import small_plan, xlsx

        record = import_record_create(
            user=world.admin, file_name="plan.xlsx", content=xlsx(small_plan()), plan=world.plan_a, new_plan={}
        )
        world.import_record = import_record_check(record=record, user=world.admin)
    return world.import_record


IMPORT_PAGES = {
    "import_list": lambda w: reverse("import-list"),
    "import_new": lambda w: reverse("import-new"),
    "import_detail": lambda w: reverse("import-detail", args=[_import_record(w).pk]),
    "import_status": lambda w: reverse("import-status", args=[_import_record(w).pk]),
    "import_undo": lambda w: reverse("import-undo", args=[_import_record(w).pk]),
}
# Each write with what an admin would post (or a function of the world giving
# it); an admin is sent back to a page (302).
IMPORT_WRITES = {
    "import_mapping": (lambda w: reverse("import-mapping", args=[_import_record(w).pk]), {"column_0": ""}),
    "import_header_row": (lambda w: reverse("import-header-row", args=[_import_record(w).pk]), {"header_row": 1}),
    "import_owner_alias": (
        lambda w: reverse("import-owner-alias", args=[_import_record(w).pk]),
        lambda w: {"alias": "District Councils", "organisation": w.lincs.pk},
    ),
    "import_cancel": (lambda w: reverse("import-cancel", args=[_import_record(w).pk]), {}),
    "import_confirm": (lambda w: reverse("import-confirm", args=[_import_record(w).pk]), {}),
    "import_undo": (lambda w: reverse("import-undo", args=[_import_record(w).pk]), {}),
}
ADMINS_ONLY = dict(zip(ROLES, ["login", 200, 403, 403, 403, 403, 403], strict=True))
IMPORT_CASES = [(page, role) for page in IMPORT_PAGES for role in ROLES]
IMPORT_WRITE_CASES = [(write, role) for write in IMPORT_WRITES for role in ROLES]


@pytest.mark.parametrize("page, role", IMPORT_CASES, ids=[f"{page}-{role}" for page, role in IMPORT_CASES])
def test_only_admins_see_the_import_pages(client, world, page, role):
    url = IMPORT_PAGES[page](world)
    sign_in(client, world, role)

    response = client.get(url)

    if ADMINS_ONLY[role] == "login":
        assert response.status_code == 302 and response.url == f"{reverse('login')}?next={url}"
    else:
        assert response.status_code == ADMINS_ONLY[role]


@pytest.mark.parametrize(
    "write, role", IMPORT_WRITE_CASES, ids=[f"{write}-{role}" for write, role in IMPORT_WRITE_CASES]
)
def test_only_admins_change_an_import(client, world, write, role):
    address, data = IMPORT_WRITES[write]
    url, record = address(world), world.import_record
    sign_in(client, world, role)

    response = client.post(url, data(world) if callable(data) else data)

    if ADMINS_ONLY[role] == 200:
        assert response.status_code == 302 and not response.url.startswith(reverse("login"))
        return
    expected = 302 if ADMINS_ONLY[role] == "login" else ADMINS_ONLY[role]
    assert response.status_code == expected
    before = {field: getattr(record, field) for field in ("status", "header_row", "mapping", "confirmed_by_id")}
    record.refresh_from_db()
    assert {field: getattr(record, field) for field in before} == before


# --- Reminders: each person's own settings, admins' preview and test send, and
# the signed links from emails, which need no sign-in: the link is the permission.

REMINDER_PAGES = {
    "reminder_settings": lambda w: reverse("reminder-settings"),
    "reminders_preview": lambda w: f"{reverse('reminders-preview')}?person={w.officer.pk}&kind=digest",
    "reminders_preview_html": lambda w: f"{reverse('reminders-preview-html')}?person={w.officer.pk}&kind=digest",
}
REMINDER_EXPECTED = {
    "reminder_settings": dict(zip(ROLES, ["login", 200, 200, 200, 200, 200, 200], strict=True)),
    "reminders_preview": ADMINS_ONLY,
    "reminders_preview_html": ADMINS_ONLY,
}
REMINDER_CASES = [(page, role) for page in REMINDER_PAGES for role in ROLES]


@pytest.mark.parametrize("page, role", REMINDER_CASES, ids=[f"{page}-{role}" for page, role in REMINDER_CASES])
def test_each_role_gets_what_it_may_see_of_reminders(client, world, page, role):
    url = REMINDER_PAGES[page](world)
    sign_in(client, world, role)

    response = client.get(url)

    expected = REMINDER_EXPECTED[page][role]
    if expected == "login":
        assert (
            response.status_code == 302 and response.url == f"{reverse('login')}?{urlencode({'next': url}, safe='/')}"
        )
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", [role for role in ROLES if ADMINS_ONLY[role] != 200])
def test_only_admins_send_test_reminders(client, world, role):
    sign_in(client, world, role)

    response = client.post(reverse("reminders-preview"), {"person": world.officer.pk, "kind": "digest"})

    assert response.status_code == (302 if ADMINS_ONLY[role] == "login" else 403)
    assert not mail.outbox and not SentReminder.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_a_no_change_link_works_for_its_person_whoever_is_signed_in(client, world, role):
    make_update(world.action_a, on=None)
    sign_in(client, world, role)

    response = client.post(no_change_url(world.officer, world.action_a))

    assert response.status_code == 200
    assert world.action_a.progress_updates.latest("created_at").author == world.officer


@pytest.mark.parametrize("role", ROLES)
def test_a_no_change_link_for_an_action_its_person_may_not_update_is_refused(client, world, role):
    make_update(world.action_b, on=None)
    sign_in(client, world, role)

    response = client.post(no_change_url(world.officer, world.action_b))

    assert response.status_code == 403
    assert ProgressUpdate.objects.count() == 1


# --- The public pages: everyone, signed in or not, reads a published plan's
# public pages; nobody finds an unpublished plan's there. ---

PUBLIC_PAGES = {
    "public_list": lambda w: reverse("public-plan-list"),
    "public_plan": lambda w: reverse("public-plan", args=[w.plan_p.slug]),
    "public_action": lambda w: reverse("public-action", args=[w.plan_p.slug, w.action_p.pk]),
    "public_statement": lambda w: reverse("public-accessibility", args=[w.plan_p.slug]),
    "public_csv": lambda w: reverse("public-plan-csv", args=[w.plan_p.slug]),
    "public_plan_a": lambda w: reverse("public-plan", args=[w.plan_a.slug]),
    "public_action_a": lambda w: reverse("public-action", args=[w.plan_a.slug, w.action_a.pk]),
    "public_statement_a": lambda w: reverse("public-accessibility", args=[w.plan_a.slug]),
    "public_csv_a": lambda w: reverse("public-plan-csv", args=[w.plan_a.slug]),
    "public_action_b_under_p": lambda w: reverse("public-action", args=[w.plan_p.slug, w.action_b.pk]),
}
PUBLIC_CASES = [(page, role) for page in PUBLIC_PAGES for role in ROLES]


@pytest.mark.parametrize("page, role", PUBLIC_CASES, ids=[f"{page}-{role}" for page, role in PUBLIC_CASES])
def test_each_role_reads_published_plans_and_only_them_on_the_public_pages(client, world, page, role):
    sign_in(client, world, role)

    response = client.get(PUBLIC_PAGES[page](world))

    published = page in {"public_list", "public_plan", "public_action", "public_statement", "public_csv"}
    assert response.status_code == (200 if published else 404)


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_public_plan_is_not_on_the_public_pages_for_anyone(client, world, role):
    world.plan_p.status = "draft"
    world.plan_p.save()
    sign_in(client, world, role)

    response = client.get(reverse("public-plan", args=[world.plan_p.slug]))

    assert response.status_code == 404


# --- Approval and corrections: approvers (admins, lead officers of an owning
# organisation) on the approvals pages; the author and admins on corrections.


def _submitted_update(world):
    """The officer's update on action A, awaiting approval, made once per test."""
    if not hasattr(world, "submitted_update"):
        from progress.services import progress_update_create

        world.plan_a.approval_required = True
        world.plan_a.save()
        world.submitted_update = progress_update_create(
            action=world.action_a, author=world.officer, status="at_risk", narrative="Awaiting", date_of_update=None
        )
    return world.submitted_update


APPROVAL_PAGES = {
    "approvals": lambda w: reverse("approvals"),
    "approval_return": lambda w: reverse("approval-return", args=[_submitted_update(w).pk]),
    "update_correct": lambda w: reverse("progress-update-correct", args=[_submitted_update(w).pk]),
    "update_withdraw": lambda w: reverse("progress-update-withdraw", args=[_submitted_update(w).pk]),
}
# What each role gets on each page:          anonymous  admin  chair  lead   officer thurrock stranger
APPROVAL_EXPECTED = {
    "approvals":       ["login",   200,   403,   200,   403,    403,     403],
    "approval_return": ["login",   200,   403,   200,   403,    404,     404],
    "update_correct":  ["login",   200,   403,   403,   200,    404,     404],
    "update_withdraw": ["login",   200,   403,   403,   200,    404,     404],
}  # fmt: skip
APPROVAL_CASES = [
    (page, role, APPROVAL_EXPECTED[page][index]) for page in APPROVAL_PAGES for index, role in enumerate(ROLES)
]
# Each write, with what an allowed user would post.
APPROVAL_WRITES = {
    "approval_approve": (lambda w: reverse("approval-approve", args=[_submitted_update(w).pk]), {}, "approval_return"),
    "approval_return": (lambda w: reverse("approval-return", args=[_submitted_update(w).pk]), {"note": "No"}, "approval_return"),
    "approve_selected": (lambda w: reverse("approvals-approve-selected"), None, "approvals"),
    "update_withdraw": (lambda w: reverse("progress-update-withdraw", args=[_submitted_update(w).pk]), {}, "update_withdraw"),
    "update_correct": (
        lambda w: reverse("progress-update-correct", args=[_submitted_update(w).pk]),
        {"status": "completed", "narrative": "Rewritten", "date_of_update_day": "1", "date_of_update_month": "1",
         "date_of_update_year": "2026"},
        "update_correct",
    ),
}  # fmt: skip
REFUSED_APPROVAL_WRITES = [
    (write, role, APPROVAL_EXPECTED[page][index])
    for write, (_, _, page) in APPROVAL_WRITES.items()
    for index, role in enumerate(ROLES)
    if APPROVAL_EXPECTED[page][index] != 200
]


@pytest.mark.parametrize(
    "page, role, expected", APPROVAL_CASES, ids=[f"{page}-{role}" for page, role, _ in APPROVAL_CASES]
)
def test_each_role_gets_what_it_may_see_of_approvals_and_corrections(client, world, page, role, expected):
    url = APPROVAL_PAGES[page](world)
    sign_in(client, world, role)

    response = client.get(url)

    assert_answers(response, url, expected)


@pytest.mark.parametrize(
    "write, role, expected", REFUSED_APPROVAL_WRITES, ids=[f"{w}-{r}" for w, r, _ in REFUSED_APPROVAL_WRITES]
)
def test_a_refused_approval_or_correction_changes_nothing(client, world, write, role, expected):
    address, data, _ = APPROVAL_WRITES[write]
    url, update = address(world), _submitted_update(world)
    sign_in(client, world, role)

    response = client.post(url, data if data is not None else {"update": [update.pk]})

    assert response.status_code == (302 if expected == "login" else expected)
    before = {field: getattr(update, field) for field in ("state", "narrative", "status", "reviewed_by_id")}
    update.refresh_from_db()
    assert {field: getattr(update, field) for field in before} == before


# --- Dashboards, board reports and the chair's commentary ------------------------


def _workbook_of_a(w) -> int:
    """A built board workbook of plan A, asked for by its lead (dashboards.workbooks)."""
    from dashboards.models import BoardWorkbook

    workbook = BoardWorkbook.objects.create(
        requested_by=w.lead, plan=w.plan_a, title="A", as_of="2026-06-30", since="2026-04-01", stale_days=90,
        status=BoardWorkbook.Status.READY, content=b"PK",
    )  # fmt: skip
    workbook.plans.set([w.plan_a])
    return workbook.pk


DASHBOARD_PAGES = {
    "overview": lambda w: reverse("dashboard"),
    "overview_report": lambda w: reverse("report"),
    "overview_xlsx": lambda w: reverse("report-xlsx"),
    "dashboard_a": lambda w: reverse("plan-dashboard", args=[w.plan_a.slug]),
    "report_a": lambda w: reverse("plan-report", args=[w.plan_a.slug]),
    "xlsx_a": lambda w: reverse("plan-report-xlsx", args=[w.plan_a.slug]),
    "dashboard_b": lambda w: reverse("plan-dashboard", args=[w.plan_b.slug]),
    "report_b": lambda w: reverse("plan-report", args=[w.plan_b.slug]),
    "workbook_a": lambda w: reverse("report-workbook", args=[_workbook_of_a(w)]),
    "workbook_a_file": lambda w: reverse("report-workbook-download", args=[_workbook_of_a(w)]),
}
#                  anonymous  admin  chair  lead   officer thurrock stranger
EVERYONE_SIGNED_IN = ["login", 200, 200, 200, 200, 200, 200]
READERS_OF_A = ["login", 200, 200, 200, 200, 404, 404]
READERS_OF_B =       ["login", 200,   200,   404,   404,    200,     404]  # fmt: skip
DASHBOARD_EXPECTED = {
    "overview": EVERYONE_SIGNED_IN, "overview_report": EVERYONE_SIGNED_IN, "overview_xlsx": EVERYONE_SIGNED_IN,
    "dashboard_a": READERS_OF_A, "report_a": READERS_OF_A, "xlsx_a": READERS_OF_A,
    "dashboard_b": READERS_OF_B, "report_b": READERS_OF_B,
    "workbook_a": READERS_OF_A, "workbook_a_file": READERS_OF_A,  # any reader of plan A, whoever asked for it
}  # fmt: skip
DASHBOARD_CASES = [
    (page, role, DASHBOARD_EXPECTED[page][index]) for page in DASHBOARD_PAGES for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(
    "page, role, expected", DASHBOARD_CASES, ids=[f"{page}-{role}" for page, role, _ in DASHBOARD_CASES]
)
def test_each_role_gets_what_it_may_see_of_dashboards_and_reports(client, world, page, role, expected):
    url = DASHBOARD_PAGES[page](world)
    sign_in(client, world, role)

    response = client.get(url)

    assert_answers(response, url, expected)


# Who may write a board commentary: admins, and the chair of the partnership that oversees the plan.
#                     anonymous  admin  chair  lead   officer thurrock stranger
COMMENTARY_EXPECTED = {
    "plan_a":         [302,       302,   302,   403,   403,    404,     404],
    "plan_b":         [302,       302,   403,   404,   404,    403,     404],
}  # fmt: skip
COMMENTARY_CASES = [
    (plan, role, COMMENTARY_EXPECTED[plan][index]) for plan in COMMENTARY_EXPECTED for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize("plan, role, expected", COMMENTARY_CASES, ids=[f"{p}-{r}" for p, r, _ in COMMENTARY_CASES])
def test_only_admins_and_the_plans_own_chair_write_a_board_commentary(client, world, plan, role, expected):
    from dashboards.models import BoardCommentary

    url = reverse("plan-commentary", args=[getattr(world, plan).slug])
    sign_in(client, world, role)

    response = client.post(
        url, {"board_on_day": "10", "board_on_month": "12", "board_on_year": "2026", "text": "On course."}
    )

    assert response.status_code == expected
    written = BoardCommentary.objects.filter(plan=getattr(world, plan)).exists()
    assert written == (role in {"admin", "chair"} and expected == 302)
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
