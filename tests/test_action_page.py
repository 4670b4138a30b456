import datetime

from django.urls import reverse

from actions.models import Indicator
from tests.builders import make_action, make_update


def test_it_shows_everything_the_action_holds(client, world):
    action = world.action_a
    action.outcomes = "• All key partners to review Pledge"
    action.measures = "Numbers of children in low income families decline"
    action.owners = "LCC Economic Development Team"
    action.timescale = "31 March 2013"
    action.due_date = datetime.date(2013, 3, 31)
    action.monitoring = "6 monthly reviews"
    action.links = "LAA Target – NI 116"
    action.recommendation_accepted = False
    action.initial_response = "The Academies Bill has already received royal assent."
    action.transcription_note = "The last output breaks off."
    action.save()
    action.indicators.add(Indicator.objects.create(framework="NI", code="116"))
    client.force_login(world.officer)

    page = client.get(reverse("action-detail", args=[action.pk])).text

    for text in [
        "All key partners to review Pledge",
        "Numbers of children in low income families decline",
        "LCC Economic Development Team",
        "Lincolnshire County Council",
        "31 March 2013",
        "6 monthly reviews",
        "LAA Target – NI 116",
        "NI 116",
        "No figure yet",  # its latest figure, in the indicators table
        "Recommendation accepted",
        "The Academies Bill has already received royal assent.",
        "The last output breaks off.",
        "Economic Poverty",
    ]:
        assert text in page, text


def test_it_links_to_the_action_it_continues_and_those_that_continue_it(client, world):
    later = make_action(world.plan_a, "NTG1 continues it", owners=[world.lincs], continues=world.action_a2)
    client.force_login(world.officer)

    earlier_page = client.get(reverse("action-detail", args=[world.action_a2.pk])).text
    later_page = client.get(reverse("action-detail", args=[later.pk])).text

    assert reverse("action-detail", args=[later.pk]) in earlier_page and "Continued by" in earlier_page
    assert reverse("action-detail", args=[world.action_a2.pk]) in later_page and "Continues" in later_page


def test_progress_updates_show_as_a_timeline_newest_first(client, world):
    make_update(world.action_a, "", None, from_source_plan=True, narrative="As published")
    make_update(world.action_a, "on_track", datetime.date(2026, 1, 5), narrative="January")
    make_update(world.action_a, "at_risk", datetime.date(2026, 5, 5), narrative="May", percent_complete=40)
    client.force_login(world.officer)

    response = client.get(reverse("action-detail", args=[world.action_a.pk]))

    assert [update.narrative for update in response.context["updates"]] == ["May", "January", "As published"]
    assert "From the published plan" in response.text
    assert "Status not recorded" in response.text
    assert "40% complete" in response.text


def test_the_update_and_edit_buttons_show_only_to_those_allowed(client, world):
    url = reverse("action-detail", args=[world.action_a.pk])
    client.force_login(world.officer)
    officer_page = client.get(url).text
    client.force_login(world.lead)
    lead_page = client.get(url).text
    client.force_login(world.chair)
    chair_page = client.get(url).text

    assert "Post a progress update" in officer_page and "Edit this action" not in officer_page
    assert "Post a progress update" in lead_page and "Edit this action" in lead_page
    assert "Post a progress update" not in chair_page and "Edit this action" not in chair_page


def test_the_action_page_takes_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for month in range(1, 13):
        make_update(world.action_a, "on_track", datetime.date(2025, month, 1))
    client.force_login(world.officer)

    with django_assert_max_num_queries(14):
        client.get(reverse("action-detail", args=[world.action_a.pk]))
