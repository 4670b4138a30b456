from django.urls import reverse


def test_the_home_page_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_home_page_lists_the_plans_with_their_counts(client, make_user, council_plans, django_assert_max_num_queries):
    client.force_login(make_user("chris", "chair"))

    with django_assert_max_num_queries(4):
        response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Thurrock Council" in response.text
    assert len(response.context["plans"]) == 5
