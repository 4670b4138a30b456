import pytest
from django.urls import reverse

from actions.models import Action


def form_data(action: Action, **changes) -> dict:
    data = {
        "reference": action.reference,
        "text": action.text,
        "outcomes": action.outcomes,
        "measures": action.measures,
        "owners": action.owners,
        "timescale": action.timescale,
        "monitoring": action.monitoring,
        "links": action.links,
        "review_cadence": action.review_cadence or "",
        "version": action.version,
    }
    return {**data, **changes}


@pytest.fixture
def lead_client(client, world):
    client.force_login(world.lead)
    return client


def edit_url(action):
    return reverse("action-edit", args=[action.pk])


def test_a_lead_officer_edits_their_organisations_action(lead_client, world):
    response = lead_client.post(
        edit_url(world.action_a),
        form_data(world.action_a, text="Baseline and minimise parents on benefits", timescale="31 March 2027",
                  due_date_day="31", due_date_month="3", due_date_year="2027", review_cadence="12"),
    )  # fmt: skip

    assert response.status_code == 302
    action = Action.objects.get(pk=world.action_a.pk)
    assert action.text == "Baseline and minimise parents on benefits"
    assert str(action.due_date) == "2027-03-31" and action.review_cadence == 12
    assert action.version == 2


def test_every_change_to_an_action_is_kept_with_who_made_it(lead_client, world):
    lead_client.post(edit_url(world.action_a), form_data(world.action_a, text="First wording"))
    lead_client.post(edit_url(world.action_a), form_data(world.action_a, text="Second wording", version=2))

    edits = list(world.action_a.history.filter(history_type="~", history_user__isnull=False).order_by("history_date"))
    assert [(record.text, record.history_user) for record in edits] == [
        ("First wording", world.lead),
        ("Second wording", world.lead),
    ]


def test_a_second_save_from_a_stale_form_is_refused_and_keeps_their_text(client, world, make_user):
    other_lead = make_user("other-lead", "lead", world.lincs)
    client.force_login(other_lead)
    stale = form_data(world.action_a)  # both open the form at version 1
    client.post(edit_url(world.action_a), form_data(world.action_a, text="Saved first by the other lead"))
    client.force_login(world.lead)

    response = client.post(edit_url(world.action_a), {**stale, "text": "My careful rewrite"})

    assert response.status_code == 200
    assert "Someone else saved changes to this action by other-lead" in response.text
    assert "My careful rewrite" in response.text  # their text is kept in the form
    assert "Saved first by the other lead" in response.text  # beside what is saved now
    assert Action.objects.get(pk=world.action_a.pk).text == "Saved first by the other lead"


def test_after_seeing_the_conflict_they_can_save_again(client, world, make_user):
    other_lead = make_user("other-lead", "lead", world.lincs)
    client.force_login(other_lead)
    stale = form_data(world.action_a)
    client.post(edit_url(world.action_a), form_data(world.action_a, text="Saved first"))
    client.force_login(world.lead)
    refused = client.post(edit_url(world.action_a), {**stale, "text": "Mine"})

    resubmitted = {**stale, "text": "Mine", "version": refused.context["form"]["version"].value()}
    response = client.post(edit_url(world.action_a), resubmitted)

    assert response.status_code == 302
    assert Action.objects.get(pk=world.action_a.pk).text == "Mine"


def test_a_blank_action_text_is_refused_with_a_message(lead_client, world):
    response = lead_client.post(edit_url(world.action_a), form_data(world.action_a, text=""))

    assert "Enter the action" in response.text
    assert Action.objects.get(pk=world.action_a.pk).version == 1


def test_only_admins_change_which_organisations_own_an_action(client, world):
    records_before = world.action_a.history.count()
    client.force_login(world.lead)
    assert "owner_organisations" not in client.get(edit_url(world.action_a)).context["form"].fields
    client.post(edit_url(world.action_a), form_data(world.action_a, owner_organisations=[world.thurrock.pk]))
    assert list(world.action_a.owner_organisations.all()) == [world.lincs]

    client.force_login(world.admin)
    client.post(
        edit_url(world.action_a),
        form_data(world.action_a, version=2, owner_organisations=[world.lincs.pk, world.jobcentre.pk]),
    )

    assert set(world.action_a.owner_organisations.all()) == {world.lincs, world.jobcentre}
    assert world.action_a.history.count() == records_before + 2  # one record per edit
    kept = world.action_a.history.first().owner_organisations.all()
    assert {row.organisation_id for row in kept} == {world.lincs.pk, world.jobcentre.pk}
