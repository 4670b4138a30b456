import re

import pytest
from django.core import mail
from django.urls import reverse


@pytest.mark.parametrize(
    "username, landing",
    [("officer", "my-actions"), ("lead", "my-actions"), ("chair", "dashboard"), ("admin", "dashboard")],
)
def test_signing_in_lands_each_role_on_its_first_page(client, world, username, landing):
    response = client.post(
        reverse("login"), {"username": username, "password": "correct horse battery staple"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse(landing)


def test_a_wrong_password_is_explained_without_saying_which_part_was_wrong(client, world):
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Please enter a correct username and password" in response.text


def test_signing_out_takes_the_user_back_to_sign_in(client, world):
    client.force_login(world.officer)

    response = client.post(reverse("logout"))

    assert response.url == reverse("login")
    assert client.get(reverse("my-actions")).status_code == 302


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, world):
    world.officer.email = "olive@lincolnshire.example"
    world.officer.save()

    client.post(reverse("password_reset"), {"email": "olive@lincolnshire.example"})
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body)[1]
    form_url = client.get(link).url
    response = client.post(
        form_url, {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"}
    )

    assert mail.outbox[0].subject == "Reset your Action Plan Tracker password"
    assert response.url == reverse("password_reset_complete")
    assert (
        client.post(reverse("login"), {"username": "officer", "password": "a new long passphrase"}).status_code == 302
    )


def test_a_reset_asked_for_an_unknown_address_reveals_nothing(client, world):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert "Check your email" in response.text
    assert not mail.outbox
