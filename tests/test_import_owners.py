"""Owners texts link organisations: by name, short name, saved alias, a
common variant or an unambiguous acronym, whatever the spacing and capitals;
the preview lists each owners text with what it links, and an admin saves an
alias for one that links nothing."""

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action
from imports.importing import NewPlan, run_import
from imports.models import ImportRecord
from imports.owner_views import owners_preview
from imports.owners import OwnerMatcher, link_owners
from imports.services import import_record_check, import_record_create
from imports.tabulate import read_table
from plans.models import Organisation, OrganisationAlias, Plan
from plans.names import normalise_name
from tests.builders import make_organisation
from tests.spreadsheets.files import HEADINGS, small_plan, xlsx
from tests.test_council_spreadsheets import COUNCIL_FILES, import_into_new_plan

LINCOLNSHIRE = COUNCIL_FILES[0]


def names(organisations) -> list[str]:
    return [organisation.name for organisation in organisations]


def linked(text: str, **kwargs) -> list[str]:
    return names(OwnerMatcher.load(**kwargs).organisations_in(text))


@pytest.fixture
def councils(db):
    lincs = make_organisation("Lincolnshire County Council")
    jobcentre = make_organisation("Jobcentre Plus", Organisation.Kind.GOVERNMENT, short_name="JC+")
    make_organisation("Department for Work and Pensions", Organisation.Kind.GOVERNMENT, short_name="DWP")
    make_organisation("Citizens Advice (CAB)", Organisation.Kind.VOLUNTARY, short_name="CAB")
    make_organisation("Thurrock Council", short_name="Thurrock")
    make_organisation("Thurrock Careers", Organisation.Kind.OTHER)
    make_organisation(
        "Lincolnshire Children & Young People's Strategic Partnership",
        Organisation.Kind.PARTNERSHIP,
        short_name="C&YPSP",
    )
    make_organisation("Chamber of Commerce", Organisation.Kind.BUSINESS)
    return lincs, jobcentre


# --- Normalising ---------------------------------------------------------------


@pytest.mark.parametrize(
    "written, normalised",
    [
        ("  LCC -  Children's   Services ", "lcc children s services"),
        ("C&YPSP", "c and ypsp"),
        ("JC+", "jc plus"),
        ("The Prince’s Trust", "prince s trust"),
        ("CS/Health", "cs health"),
        ("— – .", ""),
    ],
)
def test_names_are_compared_without_case_spacing_or_punctuation(written, normalised):
    assert normalise_name(written) == normalised


# --- Matching ------------------------------------------------------------------


@pytest.mark.parametrize(
    "owners, organisations",
    [
        ("Lincolnshire County Council", ["Lincolnshire County Council"]),
        ("lincolnshire   COUNTY council", ["Lincolnshire County Council"]),
        ("Job Centre Plus linked to Next Steps", ["Jobcentre Plus"]),
        ("JCP", ["Jobcentre Plus"]),
        ("JC+ Online providers", ["Jobcentre Plus"]),
        # Brackets straight after a name say more about it: DWP is not a second owner.
        ("Jobcentre Plus (DWP)", ["Jobcentre Plus"]),
        ("Jobcentre Plus, DWP", ["Jobcentre Plus", "Department for Work and Pensions"]),
        ("District Councils linked to CAB's", ["Citizens Advice (CAB)"]),
        ("Citizens Advice", ["Citizens Advice (CAB)"]),
        ("C & YPSP via Children's Services", ["Lincolnshire Children & Young People's Strategic Partnership"]),
        # The longer name wins: Thurrock Careers is not Thurrock Council.
        ("Youth Workers and Thurrock Careers", ["Thurrock Careers"]),
        (
            "Dave Petrie, DWP, Benefits Office, Thurrock council",
            ["Department for Work and Pensions", "Thurrock Council"],
        ),
        # An acronym of the name, written in capitals.
        ("LCC - Birth to 5 Service", ["Lincolnshire County Council"]),
        ("LCC / DWP", ["Lincolnshire County Council", "Department for Work and Pensions"]),
        ("the lcc team", []),
        # Two letters name too much: "CC Managers" are children's centre managers.
        ("CC Managers", []),
        ("Public Health", []),
        ("Child Poverty Champions", []),
        ("", []),
    ],
)
def test_an_owners_text_links_the_organisations_it_names(councils, owners, organisations):
    assert linked(owners) == organisations


def test_an_acronym_two_organisations_make_names_neither(councils):
    make_organisation("Leicestershire County Council")

    assert linked("LCC Economic Development Team") == []
    assert linked("Leicestershire County Council") == ["Leicestershire County Council"]


def test_a_short_name_wins_over_another_organisations_acronym(councils):
    make_organisation("Lancashire Cricket Club", Organisation.Kind.OTHER, short_name="LCC")

    assert linked("LCC") == ["Lancashire Cricket Club"]


def test_an_alias_links_in_the_plans_of_the_council_that_saved_it(councils):
    lincs, _ = councils
    notts = make_organisation("Nottinghamshire County Council")
    OrganisationAlias.objects.create(organisation=lincs, used_by=lincs, alias="Children's Services")

    assert linked("Children's Services Commissioning Team", plan_owner_id=lincs.pk) == [lincs.name]
    assert linked("Childrens  services locality teams", plan_owner_id=lincs.pk) == [lincs.name]
    # Another council's "Children's Services" are its own.
    assert linked("Children's Services Commissioning Team", plan_owner_id=notts.pk) == []


def test_an_alias_for_every_plan_links_everywhere(councils):
    lincs, jobcentre = councils
    OrganisationAlias.objects.create(organisation=jobcentre, alias="The Job Centre")

    assert linked("Local job centre staff", plan_owner_id=lincs.pk) == ["Jobcentre Plus"]


def test_an_alias_is_stored_normalised_and_saved_once(councils):
    lincs, _ = councils
    alias = OrganisationAlias.objects.create(organisation=lincs, used_by=lincs, alias="  Children's   SERVICES ")

    assert alias.alias == "children s services"
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationAlias.objects.create(organisation=lincs, used_by=lincs, alias="CHILDREN’S SERVICES")


def test_distinct_owners_texts_are_listed_with_what_they_link(councils):
    links = link_owners(["LCC", "Public Health", "LCC", "", "Job Centre Plus"])

    assert [(link.text, names(link.organisations), link.rows) for link in links] == [
        ("LCC", ["Lincolnshire County Council"], 2),
        ("Public Health", [], 1),
        ("Job Centre Plus", ["Jobcentre Plus"], 1),
    ]
    assert [link.linked for link in links] == [True, False, True]


@pytest.mark.parametrize("size", [3, 300])
def test_linking_costs_two_queries_whatever_the_number_of_texts(councils, size, django_assert_num_queries):
    texts = [f"LCC team {number}, Job Centre Plus, Officer {number}" for number in range(size)]

    with django_assert_num_queries(2):  # the organisations, the aliases
        links = link_owners(texts)

    assert len(links) == size and all(link.linked for link in links)


def _import_queries(organisation: Organisation, rows: int, owners: str) -> int:
    table = read_table(
        [HEADINGS] + [["Economic Poverty", f"E{n}", f"Action {n}", owners, "Annual", ""] for n in range(rows)]
    )
    with CaptureQueriesContext(connection) as queries:
        outcome = run_import(table=table, new_plan=NewPlan(f"Plan of {rows}", organisation), write=True)
    assert outcome.problems == []
    linked = Action.owner_organisations.through.objects.filter(action__plan=outcome.plan).count()
    assert linked == (2 * rows if owners else 0)
    return len(queries)


def test_an_import_links_owners_in_the_same_number_of_queries_for_any_number_of_rows(councils):
    """Saving each action costs queries of its own; linking its owners costs none."""
    lincs, _ = councils

    def owners_cost(rows: int) -> int:
        return _import_queries(lincs, rows, "Job Centre Plus, LCC") - _import_queries(lincs, rows, "")

    assert owners_cost(5) == owners_cost(60) <= 3  # organisations, aliases, the links


# --- The council's sheet ------------------------------------------------------


def _fixture_owners(plan: Plan) -> list[tuple[str, set[str]]]:
    return [
        (action.owners, set(names(action.owner_organisations.all())))
        for action in plan.actions.prefetch_related("owner_organisations").order_by("position", "pk")
    ]


def test_the_lincolnshire_sheet_links_its_owners_as_the_fixture_does_once_its_aliases_are_saved(council_plans):
    reference = Plan.objects.get(slug=LINCOLNSHIRE.slug)
    lincs = reference.organisation
    # What the preview offers to link by hand: the council's own departments.
    for alias in ["Children's Services", "Children's Service", "Children's Performance Management"]:
        OrganisationAlias.objects.create(organisation=lincs, used_by=lincs, alias=alias)

    _, _, outcome = import_into_new_plan(LINCOLNSHIRE)

    assert outcome.problems == []
    imported, expected = _fixture_owners(outcome.plan), _fixture_owners(reference)
    assert len(imported) == len(expected)
    for (owners, got), (_, want) in zip(imported, expected, strict=True):
        assert got == want, f"{owners!r} links {sorted(got)}, the fixture {sorted(want)}"


def test_without_aliases_the_lincolnshire_sheet_leaves_only_the_councils_departments_to_link_by_hand(council_plans):
    reference = Plan.objects.get(slug=LINCOLNSHIRE.slug)
    _, table, _ = import_into_new_plan(LINCOLNSHIRE, write=False)

    links = link_owners(
        [str(row.values.get("owners") or "") for row in table.actions], plan_owner_id=reference.organisation_id
    )

    fixture_links = dict(_fixture_owners(reference))
    wrongly = [link.text for link in links if set(names(link.organisations)) - fixture_links[link.text]]
    assert wrongly == []
    assert sorted(link.text for link in links if not link.linked and fixture_links[link.text]) == [
        "Children's Service Locality Teams",
        "Children's Services Commissioning Team",
        "Children's Services Commissioning Team via Stakeholders finance teams",
        "Children's Services Locality Teams",
    ]


# --- The preview and saving an alias --------------------------------------------


@pytest.fixture
def record(world):
    """A preview of the small plan, checked as the check job checks it."""
    content = xlsx(small_plan())
    record = import_record_create(
        user=world.admin, file_name="plan.xlsx", content=content, plan=world.plan_a, new_plan={}
    )
    return import_record_check(record=record, user=world.admin)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_preview_lists_each_owners_text_with_what_it_links_those_that_link_none_first(record, world):
    preview = owners_preview(record)

    assert [(link.text, names(link.organisations)) for link in preview.links] == [
        ("District Councils", []),
        ("Child Poverty Champions", []),
        ("Job Centre Plus", ["Jobcentre Plus"]),
        ("LCC Children's Services", ["Lincolnshire County Council"]),
    ]
    assert preview.unlinked == 2 and preview.plan_owner == world.lincs


def test_the_preview_page_shows_the_owners(client, record, world):
    client.force_login(world.admin)

    page = client.get(reverse("import-detail", args=[record.pk])).text

    assert "Who will own the new actions" in page
    assert "2 of 4 owners texts link no organisation" in page
    assert "its actions will appear on nobody's my actions" in page.casefold().replace("&#x27;", "'")
    assert reverse("import-owner-alias", args=[record.pk]) in page


def test_an_admin_saves_an_alias_and_the_preview_links_it(client, record, world):
    client.force_login(world.admin)
    url = reverse("import-owner-alias", args=[record.pk])

    response = client.post(url, {"alias": "Child Poverty  Champions", "organisation": world.lincs.pk})

    assert response.status_code == 302
    assert response.url == reverse("import-detail", args=[record.pk]) + "#owners"
    alias = OrganisationAlias.objects.get()
    assert (alias.organisation, alias.used_by, alias.alias) == (world.lincs, world.lincs, "child poverty champions")
    assert messages_of(response) == [
        "“Child Poverty  Champions” now links Lincolnshire County Council in the plans of "
        "Lincolnshire County Council: here, and in the next import."
    ]
    record.refresh_from_db()
    links = {link.text: names(link.organisations) for link in owners_preview(record).links}
    assert links["Child Poverty Champions"] == ["Lincolnshire County Council"]


def test_the_import_then_links_the_alias(client, record, world):
    client.force_login(world.admin)
    client.post(
        reverse("import-owner-alias", args=[record.pk]),
        {"alias": "Child Poverty Champions", "organisation": world.lincs.pk},
    )

    outcome = run_import(
        table=read_table(small_plan()),
        plan=Plan.objects.create(organisation=world.lincs, title="Another", slug="another"),
        write=True,
    )

    champions = outcome.plan.actions.get(text="Positive activities")
    assert names(champions.owner_organisations.all()) == ["Lincolnshire County Council"]


@pytest.mark.parametrize("role", ["officer", "lead", "chair"])
def test_only_admins_save_aliases(client, record, world, role):
    client.force_login(getattr(world, role))

    response = client.post(
        reverse("import-owner-alias", args=[record.pk]), {"alias": "x", "organisation": world.lincs.pk}
    )

    assert response.status_code == 403
    assert not OrganisationAlias.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client, record, world):
    response = client.post(
        reverse("import-owner-alias", args=[record.pk]), {"alias": "x", "organisation": world.lincs.pk}
    )

    assert response.status_code == 302 and "/accounts/login/" in response.url or "login" in response.url


def test_an_unknown_import_is_not_found(client, world):
    client.force_login(world.admin)

    response = client.post(reverse("import-owner-alias", args=[999999]), {"alias": "x", "organisation": world.lincs.pk})

    assert response.status_code == 404


def test_saving_needs_a_post(client, record, world):
    client.force_login(world.admin)

    assert client.get(reverse("import-owner-alias", args=[record.pk])).status_code == 405


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"alias": "Public Health", "organisation": "999999"},
            "Choose an organisation from the list: the one chosen does not exist, or no longer does.",
        ),
        (
            {"alias": "Public Health", "organisation": "not a number"},
            "Choose an organisation from the list: the one chosen does not exist, or no longer does.",
        ),
        ({"alias": "Public Health"}, "Choose the organisation these owners are."),
        (
            {"alias": "   ", "organisation": "LINCS"},
            "Write the words that name the organisation, like “Children's Services”.",
        ),
        ({"alias": "– / –", "organisation": "LINCS"}, "“– / –” has no letters or numbers to name an organisation by."),
        (
            {"alias": "x" * 201, "organisation": "LINCS"},
            f"“{'x' * 60}…” is too long for an alias: keep it to 200 characters, the words that name the organisation, like “Children's Services”.",
        ),
        (
            {"alias": "Job Centre Plus", "organisation": "LINCS"},
            "“Job Centre Plus” already names Jobcentre Plus. Choose Jobcentre Plus, or write other words for Lincolnshire County Council.",
        ),
    ],
)
def test_a_bad_choice_is_refused_with_a_message_naming_what_is_wrong(client, record, world, data, message):
    client.force_login(world.admin)
    if data.get("organisation") == "LINCS":
        data = {**data, "organisation": world.lincs.pk}

    response = client.post(reverse("import-owner-alias", args=[record.pk]), data)

    assert response.status_code == 302
    assert messages_of(response) == [message]
    assert not OrganisationAlias.objects.exists()


def test_an_alias_already_saved_for_another_organisation_is_not_changed(client, record, world):
    OrganisationAlias.objects.create(organisation=world.jobcentre, used_by=world.lincs, alias="Public Health")
    client.force_login(world.admin)

    response = client.post(
        reverse("import-owner-alias", args=[record.pk]), {"alias": "public  health", "organisation": world.lincs.pk}
    )

    assert messages_of(response) == [
        "“public  health” already names Jobcentre Plus. Choose Jobcentre Plus, or write other words for Lincolnshire County Council."
    ]
    assert OrganisationAlias.objects.get().organisation == world.jobcentre


def test_an_import_no_longer_previewed_saves_no_alias(client, record, world):
    ImportRecord.objects.filter(pk=record.pk).update(status=ImportRecord.Status.CANCELLED)
    client.force_login(world.admin)

    response = client.post(
        reverse("import-owner-alias", args=[record.pk]), {"alias": "Public Health", "organisation": world.lincs.pk}
    )

    assert messages_of(response) == ["This import was cancelled, so nothing was imported. Upload the file again."]
    assert not OrganisationAlias.objects.exists()


@pytest.mark.parametrize(
    "cell, organisation",
    [
        ("Citizens Advice (CAB)", "Citizens Advice (CAB)"),
        ("citizens advice", "Citizens Advice (CAB)"),
        ("Job Centre Plus", "Jobcentre Plus"),
        ("LCC", "Lincolnshire County Council"),
        ("LCC Children's Services", None),
        ("Jobcentre Plus (DWP)", None),
    ],
)
def test_a_cell_of_organisations_names_each_as_a_whole(councils, cell, organisation):
    named = OwnerMatcher.load().organisation_named(cell)

    assert (named.name if named else None) == organisation


def test_a_file_with_a_column_of_owner_organisations_lists_no_owners_texts(record):
    record.mapping = {**record.mapping, "5": "owner_organisations"}

    assert owners_preview(record) is None


def test_an_organisations_aliases_are_edited_in_the_admin(client, world):
    OrganisationAlias.objects.create(organisation=world.lincs, used_by=world.lincs, alias="Children's Services")
    client.force_login(world.admin)

    page = client.get(reverse("admin:plans_organisation_change", args=[world.lincs.pk])).text

    assert "children s services" in page and "Only in plans of" in page


def test_the_preview_lists_the_owners_texts_its_check_kept_without_reading_the_file_again(record):
    ImportRecord.objects.filter(pk=record.pk).update(counts={"owner_texts": [["Job Centre Plus", 2]]}, content=None)
    record.refresh_from_db()

    preview = owners_preview(record)

    assert [(link.text, names(link.organisations), link.rows) for link in preview.links] == [
        ("Job Centre Plus", ["Jobcentre Plus"], 2)
    ]


def test_a_name_is_found_however_many_words_it_is_written_in(db):
    make_organisation("Jobcentre Plus", Organisation.Kind.GOVERNMENT)

    assert linked("Job Centre Plus linked to Next Steps") == ["Jobcentre Plus"]
