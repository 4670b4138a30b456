"""What an import makes of a council's sheet beyond its action rows: a note
below the table becomes the plan's notes (not a theme), a formula cell is read
by the value the file saved with it (or named as a problem when there is
none), and the upload form keeps what was typed when it refuses."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.forms import read_upload
from imports.importing import NewPlan, run_import
from imports.models import ImportRecord
from imports.tabulate import Note, read_table
from plans.models import Plan
from tests.spreadsheets.files import HEADINGS, ods, ods_formula, small_plan, xlsx, xlsx_with_saved_values
from tests.test_council_spreadsheets import DATA, LINCOLNSHIRE, themes_of

NB = "NB Action Plan to be signed off via the C&YPSP"


def table_of(name: str, data: bytes):
    return read_table(read_upload(name, data))


def lincolnshire_with_its_note() -> bytes:
    """The Lincolnshire draft as the council wrote it: the note straight under the table's last row."""
    workbook = openpyxl.load_workbook(DATA / LINCOLNSHIRE.file_name)
    workbook.active.append([NB])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def themes(table) -> list[str]:
    return [theme.title for theme in table.themes.values()]


# --- Notes ------------------------------------------------------------------------


def test_the_lincolnshire_note_becomes_the_plans_notes_not_a_theme(council_plans):
    reference = Plan.objects.get(slug=LINCOLNSHIRE.slug)
    data = lincolnshire_with_its_note()
    table = table_of(LINCOLNSHIRE.file_name, data)

    outcome = run_import(table=table, new_plan=NewPlan(reference.title, reference.organisation), write=True)

    last_row = openpyxl.load_workbook(io.BytesIO(data)).active.max_row
    assert table.notes == [Note(last_row, NB)]
    assert outcome.problems == []
    assert outcome.counts["notes"] == [{"row": last_row, "text": NB, "new": True}]
    imported = outcome.plan
    imported.refresh_from_db()
    assert imported.notes == NB == reference.notes
    # The plan is otherwise the fixture's, with no theme made of the note.
    assert themes_of(imported) == themes_of(reference)
    assert imported.actions.count() == reference.actions.count()


def test_importing_the_file_again_does_not_add_the_note_twice(council_plans):
    reference = Plan.objects.get(slug=LINCOLNSHIRE.slug)
    data = lincolnshire_with_its_note()
    first = run_import(
        table=table_of(LINCOLNSHIRE.file_name, data), new_plan=NewPlan("Draft", reference.organisation), write=True
    )

    again = run_import(table=table_of(LINCOLNSHIRE.file_name, data), plan=first.plan, write=True)

    assert [note["new"] for note in again.counts["notes"]] == [False]
    first.plan.refresh_from_db()
    assert first.plan.notes == NB


def test_a_note_is_added_below_the_plans_own_notes_and_a_preview_adds_nothing(world):
    plan = world.plan_a
    Plan.objects.filter(pk=plan.pk).update(notes="Agreed by the board.\n\nReviewed each year.")
    plan.refresh_from_db()
    table = table_of("plan.xlsx", xlsx(small_plan([], ["Last updated March 2013"])))

    preview = run_import(table=table, plan=plan, write=False)
    plan.refresh_from_db()
    assert preview.counts["notes"] == [{"row": 9, "text": "Last updated March 2013", "new": True}]
    assert plan.notes == "Agreed by the board.\n\nReviewed each year."

    run_import(table=table, plan=plan, write=True)
    plan.refresh_from_db()
    assert plan.notes == "Agreed by the board.\n\nReviewed each year.\n\nLast updated March 2013"


def test_text_below_an_empty_row_under_the_table_is_a_note(db):
    table = table_of("plan.xlsx", xlsx(small_plan([], ["Last updated March 2013"], ["Contact: the Children's Trust"])))

    assert table.notes == [Note(9, "Last updated March 2013"), Note(10, "Contact: the Children's Trust")]
    assert themes(table) == ["Economic Poverty", "Poverty of Aspiration"]


def test_text_below_the_table_in_a_column_left_out_is_a_note(db):
    table = table_of("plan.xlsx", xlsx(small_plan([None] * 6 + ["Figures from March 2012"])))

    assert table.notes == [Note(8, "Figures from March 2012")]


@pytest.mark.parametrize("text", ["NB: to be agreed", "N.B. to be agreed", "Note: to be agreed", "* To be agreed"])
def test_a_row_that_starts_like_a_note_is_a_note_even_between_actions(db, text):
    rows = small_plan()
    rows.insert(5, [text])  # between E1 and E2
    table = table_of("plan.xlsx", xlsx(rows))

    assert table.notes == [Note(6, text)]
    assert themes(table) == ["Economic Poverty", "Poverty of Aspiration"]
    # E2 stays under the theme above the note.
    e2 = next(action for action in table.actions if action.values["reference"] == "E2")
    assert e2.theme.title == "economic poverty"


def test_a_theme_followed_by_actions_stays_a_theme(db):
    table = table_of("plan.xlsx", xlsx(small_plan([], ["Best Use of Resources"], [None, "BR1", "Pool budgets"])))

    assert table.notes == []
    assert themes(table)[-1] == "Best Use of Resources"
    assert table.actions[-1].theme.title == "best use of resources"


def test_a_theme_straight_under_the_last_action_stays_a_theme(db):
    # A theme with no actions yet, as Hartlepool's sheet ends with: nothing says the table has ended.
    table = table_of("plan.xlsx", xlsx(small_plan(["Best Use of Resources"])))

    assert table.notes == []
    assert themes(table)[-1] == "Best Use of Resources"


# --- Formulas ---------------------------------------------------------------------

HYPERLINK = '=HYPERLINK("https://www.lincolnshire.gov.uk/child-poverty", "Child poverty strategy")'


def test_an_xlsx_formula_with_no_saved_value_is_a_problem_naming_the_cell_and_formula(db):
    rows = small_plan()
    rows[3][2] = HYPERLINK  # openpyxl saves the formula without a value, as some tools do
    table = table_of("plan.xlsx", xlsx(rows))

    assert [str(problem) for problem in table.problems] == [
        "Row 4, Action: the cell holds the formula =HYPERLINK(…) and no value; type the text instead."
    ]


def test_an_xlsx_formula_is_read_by_the_value_saved_with_it(db):
    rows = small_plan()
    rows[3][2] = HYPERLINK
    table = table_of("plan.xlsx", xlsx_with_saved_values(rows, {"C4": "Child poverty strategy"}))

    assert table.problems == []
    assert table.actions[0].values["text"] == "Child poverty strategy"


def test_an_ods_formula_is_read_by_its_saved_value_or_named_when_it_has_none(db):
    rows = [
        HEADINGS,
        ["Economic Poverty", "E1", ods_formula(HYPERLINK, saved="Child poverty strategy"), "JCP", "Annual"],
        [None, "E2", "Target debt advice", ods_formula("=B2&B3"), "Annual"],
    ]
    table = table_of("plan.ods", ods(rows))

    assert table.actions[0].values["text"] == "Child poverty strategy"
    assert [str(problem) for problem in table.problems] == [
        "Row 3, Action Owner: the cell holds the formula =B2&B3 and no value; type the text instead."
    ]


def test_a_formula_with_no_value_in_a_column_left_out_is_no_problem(db):
    rows = small_plan()
    rows[3].append("=SUM(1, 2)")  # column G, which has no heading
    table = table_of("plan.xlsx", xlsx(rows))

    assert table.problems == []
    assert len(table.actions) == 4


def test_a_csv_cell_starting_with_an_equals_sign_is_text(db):
    table = table_of("plan.csv", b"Action Reference,Action\nE1,=HYPERLINK(x)\n")

    assert table.problems == []
    assert table.actions[0].values["text"] == "=HYPERLINK(x)"


# --- The upload form --------------------------------------------------------------


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def test_while_an_answer_is_wrong_the_file_is_not_read_and_the_answers_are_kept(admin_client, world):
    # A file that would be refused, to show it is not read yet.
    response = admin_client.post(
        reverse("import-new"),
        {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 ..."), "new_plan_organisation": world.lincs.pk},
    )

    form = response.context["form"]
    assert form.errors == {
        "new_plan_title": ["Enter the title of the new plan, or choose a plan to import into"],
        "file": ["Choose plan.pdf again: it is checked once the answers above are right"],
    }
    page = response.text
    assert f'<option value="{world.lincs.pk}" selected>' in page
    assert ImportRecord.objects.count() == 0


def test_a_refused_file_keeps_the_answers_typed(admin_client, world):
    response = admin_client.post(
        reverse("import-new"),
        {
            "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 ..."),
            "new_plan_title": "Child Poverty Action Plan 2013",
            "new_plan_organisation": world.lincs.pk,
        },
    )

    assert list(response.context["form"].errors) == ["file"]
    assert "This is a PDF file, not a spreadsheet." in response.context["form"].errors["file"][0]
    assert 'value="Child Poverty Action Plan 2013"' in response.text
    assert f'<option value="{world.lincs.pk}" selected>' in response.text


def test_the_upload_form_labels_no_answer_optional(admin_client):
    page = admin_client.get(reverse("import-new")).text

    assert "(optional)" not in page
    assert "Import into</label>" in page and "Title of the new plan</label>" in page


def test_the_preview_shows_the_notes_it_keeps(admin_client, world):
    response = admin_client.post(
        reverse("import-new"),
        {
            "file": SimpleUploadedFile("plan.xlsx", xlsx(small_plan(["NB: to be agreed by the board"]))),
            "plan": world.plan_a.pk,
        },
    )
    page = admin_client.get(response.url).text

    assert "Kept as the plan's notes" in page
    assert "Row 8: NB: to be agreed by the board" in page
