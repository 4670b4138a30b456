from django.urls import reverse


def test_the_home_page_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("login")


def test_the_home_page_takes_signed_in_users_to_their_actions(client, make_user, organisation):
    client.force_login(make_user("olive", "officer", organisation))

    response = client.get(reverse("home"))

    assert response.url == reverse("my-actions")
