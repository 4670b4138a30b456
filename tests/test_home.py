from django.urls import reverse


def test_the_home_page_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("login")


def test_the_home_page_takes_signed_in_users_to_their_actions(client, make_user, organisation):
    client.force_login(make_user("olive", "officer", organisation))

    response = client.get(reverse("home"))

    assert response.url == reverse("my-actions")


def test_the_home_page_takes_a_partnership_chair_to_her_partnerships_dashboard(client, world):
    client.force_login(world.chair)

    assert client.get(reverse("home")).url == reverse("dashboard")


def test_the_home_page_takes_an_admin_to_the_partnership_overview(client, world):
    client.force_login(world.admin)

    assert client.get(reverse("home")).url == reverse("dashboard")
