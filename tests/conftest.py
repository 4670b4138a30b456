import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from plans.models import Membership, Organisation


@pytest.fixture
def council_plans(db):
    """The five council plans, loaded from the shipped fixture."""
    call_command("loaddata", "council_plans", verbosity=0)


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Example Borough Council", slug="example-borough-council", kind="council")


@pytest.fixture
def make_user(db):
    def make(username: str, role: str = Membership.Role.OFFICER, organisation: Organisation | None = None):
        user = get_user_model().objects.create_user(username=username, password="correct horse battery staple")
        Membership.objects.create(user=user, role=role, organisation=organisation)  # sets is_staff from the role
        return user

    return make


@pytest.fixture
def admin_user(make_user):
    return make_user("ada", Membership.Role.ADMIN)


class World:
    """Two councils in one partnership's world and one outside it:

    - Lincolnshire (with Jobcentre Plus) sits in the Children's Partnership,
      which oversees plan A; Lincolnshire owns action A, Jobcentre Plus action A2;
    - Thurrock owns plan B and its action B, outside the partnership;
    - a public plan P with action P, owned by Hartlepool.

    Users: admin, chair (of the partnership), lead and officer (Lincolnshire),
    thurrock (an officer of Thurrock), stranger (signed in, no membership).
    """


@pytest.fixture
def world(db, make_user):
    from tests.builders import make_action, make_organisation, make_plan, make_theme

    w = World()
    w.partnership = make_organisation("Children's Partnership", Organisation.Kind.PARTNERSHIP)
    w.lincs = make_organisation("Lincolnshire County Council")
    w.jobcentre = make_organisation("Jobcentre Plus", Organisation.Kind.GOVERNMENT)
    w.lincs.partnerships.add(w.partnership)
    w.jobcentre.partnerships.add(w.partnership)
    w.thurrock = make_organisation("Thurrock Council")
    w.hartlepool = make_organisation("Hartlepool Borough Council")

    w.plan_a = make_plan(w.lincs, "Lincolnshire Plan", partnership=w.partnership, slug="plan-a")
    w.theme_a = make_theme(w.plan_a, "Economic Poverty")
    w.action_a = make_action(
        w.plan_a, "Baseline parents on benefits", owners=[w.lincs], theme=w.theme_a, reference="E1"
    )
    w.action_a2 = make_action(w.plan_a, "Target debt advice", owners=[w.jobcentre], theme=w.theme_a, reference="E2")
    w.plan_b = make_plan(w.thurrock, "Thurrock Plan", slug="plan-b")
    w.action_b = make_action(w.plan_b, "Extend the Wishes Programme", owners=[w.thurrock])
    w.plan_p = make_plan(w.hartlepool, "Hartlepool Public Plan", slug="plan-p", is_public=True)
    w.action_p = make_action(w.plan_p, "Child Poverty Champions", owners=[w.hartlepool])

    w.admin = make_user("admin", Membership.Role.ADMIN)
    w.chair = make_user("chair", Membership.Role.CHAIR, w.partnership)
    w.lead = make_user("lead", Membership.Role.LEAD, w.lincs)
    w.officer = make_user("officer", Membership.Role.OFFICER, w.lincs)
    w.thurrock_officer = make_user("thurrock", Membership.Role.OFFICER, w.thurrock)
    w.stranger = get_user_model().objects.create_user("stranger", password="x")
    return w


@pytest.fixture(autouse=True)
def summaries_match_updates(request):
    """After every test that writes to the database (in one transaction), every
    action's stored summary must still match its updates: `check_summaries`
    fails the test otherwise. It catches a write that bypassed progress.services."""
    checked = "db" in request.fixturenames and "transactional_db" not in request.fixturenames
    if checked:
        request.getfixturevalue("db")  # so that the check runs inside the test's transaction
    yield
    if checked:
        call_command("check_summaries", stdout=io.StringIO())
