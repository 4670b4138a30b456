"""An admin can find and correct a transcription error in every model today."""

import datetime

import pytest
from django.urls import reverse

from actions.models import Action
from dashboards.models import BoardWorkbook
from plans.models import Plan

CHANGELISTS = [
    ("plans", "organisation", {"q": "Council", "kind__exact": "council"}),
    ("plans", "plan", {"q": "Child Poverty", "status__exact": "active"}),
    ("plans", "theme", {"q": "Priority", "kind": "Priority"}),
    ("plans", "membership", {"q": "officer", "role__exact": "officer"}),
    ("actions", "action", {"q": "Children's Centres", "review_cadence__exact": "12"}),
    ("actions", "indicator", {"q": "116", "framework__exact": "NI"}),
    ("progress", "progressupdate", {"q": "COMPLETED", "from_source_plan__exact": "1"}),
    ("imports", "columnmapping", {}),
]


@pytest.fixture
def admin_client(client, admin_user, council_plans):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("app, model, query", CHANGELISTS, ids=[f"{a}.{m}" for a, m, _ in CHANGELISTS])
def test_every_model_can_be_listed_searched_and_filtered(admin_client, app, model, query):
    response = admin_client.get(reverse(f"admin:{app}_{model}_changelist"), query)

    assert response.status_code == 200
    assert "Please correct the error" not in response.text


def test_import_records_are_listed_but_never_written_by_hand(admin_client):
    assert (
        admin_client.get(
            reverse("admin:imports_importrecord_changelist"), {"q": "x", "status__exact": "imported"}
        ).status_code
        == 200
    )
    assert admin_client.get(reverse("admin:imports_importrecord_add")).status_code == 403


def test_board_workbooks_are_listed_but_never_written_by_hand(admin_client, admin_user):
    workbook = BoardWorkbook.objects.create(
        requested_by=admin_user, title="Lincolnshire board", as_of=datetime.date(2026, 11, 30),
        since=datetime.date(2026, 9, 1), stale_days=180, content=b"PK",
    )  # fmt: skip

    listed = admin_client.get(reverse("admin:dashboards_boardworkbook_changelist"), {"q": "Lincolnshire"})
    shown = admin_client.get(reverse("admin:dashboards_boardworkbook_change", args=[workbook.pk]))

    assert (listed.status_code, shown.status_code) == (200, 200)
    assert "Lincolnshire board" in listed.text
    assert admin_client.get(reverse("admin:dashboards_boardworkbook_add")).status_code == 403


@pytest.mark.parametrize("app, model, query", CHANGELISTS, ids=[f"{a}.{m}" for a, m, _ in CHANGELISTS])
def test_every_model_has_a_working_add_page(admin_client, app, model, query):
    assert admin_client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200


def test_an_admin_corrects_an_action_transcription(admin_client):
    action = Action.objects.get(plan__slug="lincolnshire-child-poverty-draft-2012", reference="E1")
    url = reverse("admin:actions_action_change", args=[action.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({
        "owner_organisations": [o.pk for o in action.owner_organisations.all()],
        "indicators": [],
        "text": action.text + " (corrected)",
        "progress_updates-TOTAL_FORMS": "0",
        "progress_updates-INITIAL_FORMS": "0",
    })  # fmt: skip

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    action.refresh_from_db()
    assert action.text.endswith("(corrected)")


def test_the_action_list_takes_the_same_queries_for_any_number_of_plans(admin_client, django_assert_max_num_queries):
    assert Plan.objects.count() == 5
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:actions_action_changelist"))
    assert response.status_code == 200


def test_an_admin_sees_who_changed_an_action(admin_client, admin_user):
    action = Action.objects.get(plan__slug="lincolnshire-child-poverty-draft-2012", reference="E1")
    action.text = "Corrected"
    action._history_user = admin_user
    action.save()

    response = admin_client.get(reverse("admin:actions_action_history", args=[action.pk]))

    assert response.status_code == 200
    assert admin_user.username in response.text


@pytest.mark.parametrize("model", ["actions/action", "progress/progressupdate", "plans/plan"])
def test_a_staff_user_who_is_not_an_admin_is_refused_not_crashed(client, world, model):
    """Before: the object rules reused Django's model permission names, and a
    staff officer got a server error on /admin/actions/action/."""
    world.officer.is_staff = True
    world.officer.save()
    client.force_login(world.officer)

    assert client.get(f"/admin/{model}/").status_code == 403


def test_the_role_alone_decides_who_uses_the_admin(world):
    membership = world.officer.membership
    assert not world.officer.is_staff

    membership.role = membership.Role.ADMIN
    membership.save()
    world.officer.refresh_from_db()
    assert world.officer.is_staff and world.officer.is_superuser

    membership.role = membership.Role.CHAIR
    membership.save()
    world.officer.refresh_from_db()
    assert not world.officer.is_staff and not world.officer.is_superuser


def test_rules_asked_without_an_object_say_no(world):
    for perm in ["plans.read_plan", "plans.export_plan", "actions.read_action", "progress.post_update"]:
        assert not world.officer.has_perm(perm)
    assert not world.lead.has_perm("actions.edit_action")
