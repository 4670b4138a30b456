"""Indicator figures out to a spreadsheet and back in: the same columns both
ways, a preview of every change, every bad cell named by row and column, and
all of a file written or none of it."""

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.models import Observation, Target
from indicators.spreadsheet import COLUMNS, Problem, figures_check, figures_write
from spreadsheets import Sheet, read_rows, write_csv, write_xlsx
from tests.indicator_builders import make_indicator, make_observation, make_target

MARCH_2024, MARCH_2025 = datetime.date(2024, 3, 31), datetime.date(2025, 3, 31)


@pytest.fixture
def known(world):
    """NI 116 (Lincolnshire's, yearly %): 2023/24 reported 20.5 then restated 21, target 19;
    2024/25 target 18, no figure yet. NI 117 (Lincolnshire's, quarterly number): January to
    March 2025, 40. LOCAL JC1 (Jobcentre Plus's, on plan A). NI 151 (Thurrock's, plan B only)."""
    w = world
    w.ni116 = make_indicator(w.lincs, "NI", "116")
    w.action_a.indicators.add(w.ni116)
    make_observation(w.ni116, MARCH_2024, "20.5", datetime.date(2024, 6, 1), source="DWP")
    make_observation(w.ni116, MARCH_2024, "21", datetime.date(2024, 9, 1), source="DWP", note="=revised estimate",
                     reason="Revised by DWP")  # fmt: skip
    make_target(w.ni116, MARCH_2024, "19")
    make_target(w.ni116, MARCH_2025, "18")
    w.ni117 = make_indicator(w.lincs, "NI", "117", name="NEET", unit="number", frequency="quarterly")
    w.action_a.indicators.add(w.ni117)
    make_observation(w.ni117, MARCH_2025, 40, numerator=40, denominator=1000, note="Line one\r\nline two")
    w.jc1 = make_indicator(w.jobcentre, "LOCAL", "JC1", name="Claims", unit="number")
    w.action_a2.indicators.add(w.jc1)
    w.ni151 = make_indicator(w.thurrock, "NI", "151", unit="number")
    w.action_b.indicators.add(w.ni151)
    return w


def sheet_of(*rows, headers=COLUMNS) -> list[list]:
    """A file's rows: the header row, then each row given as {column: cell}."""
    return [list(headers), *[[row.get(column) for column in headers] for row in rows]]


def csv_file(rows: list[list], name="figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, write_csv(Sheet("Figures", rows[0], rows[1:])))


def upload(client, file):
    response = client.post(reverse("indicator-import"), {"file": file})
    assert response.status_code == 302, response.text
    return client.get(response.url)


def confirm(client, preview):
    return client.post(reverse("indicator-import-confirm"), {"digest": preview.context["digest"]}, follow=True)


def export(client, file_format="xlsx", **params):
    response = client.get(reverse(f"indicator-export-{file_format}"), params)
    assert response.status_code == 200
    return response.content


# --- Export, and the round trip -------------------------------------------------


def test_the_export_gives_each_period_its_current_figure_and_target(client, known):
    client.force_login(known.officer)

    rows = read_rows("f.xlsx", export(client), max_bytes=10**6, max_rows=100, max_uncompressed_bytes=10**7)

    assert rows == [
        list(COLUMNS),
        ["NI", "116", "Proportion of children in poverty", "2023/24", 21, None, None, 19,
         datetime.date(2024, 9, 1), "DWP", "=revised estimate", "Revised by DWP"],
        ["NI", "116", "Proportion of children in poverty", "2024/25", None, None, None, 18],
        ["NI", "117", "NEET", "January to March 2025", 40, 40, 1000, None, MARCH_2025, None,
         "Line one\nline two"],
    ]  # fmt: skip


def test_the_csv_export_keeps_text_from_being_run_as_a_formula(client, known):
    client.force_login(known.officer)

    assert b",'=revised estimate," in export(client, "csv")


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_exported_file_imported_again_changes_nothing(client, known, file_format):
    client.force_login(known.admin)
    content = export(client, file_format)

    preview = upload(client, SimpleUploadedFile(f"figures.{file_format}", content))

    assert preview.context["checked"].problems == []
    assert preview.context["checked"].rows == 3
    assert "Nothing to change" in preview.text
    assert "Confirm and import" not in preview.text


def test_the_export_of_one_plan_has_its_indicators_only(client, known):
    client.force_login(known.admin)

    rows = read_rows("f.csv", export(client, "csv", plan=known.plan_b.pk), max_bytes=10**6, max_rows=100,
                     max_uncompressed_bytes=10**6)  # fmt: skip

    assert rows == [list(COLUMNS)]  # NI 151 is plan B's, with no figures yet


def test_the_export_takes_the_same_queries_for_more_indicators(client, known):
    client.force_login(known.officer)
    with CaptureQueriesContext(connection) as small:
        export(client)
    for number in range(20):
        indicator = make_indicator(known.lincs, "LOCAL", f"L{number}")
        known.action_a.indicators.add(indicator)
        make_observation(indicator, MARCH_2024, number)
        make_target(indicator, MARCH_2025, number)

    with CaptureQueriesContext(connection) as large:
        content = export(client)

    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(read_rows("f.xlsx", content, max_bytes=10**6, max_rows=100, max_uncompressed_bytes=10**7)) == 44


# --- Importing known figures ----------------------------------------------------


def test_an_import_adds_figures_corrects_them_with_a_reason_and_sets_targets(client, known):
    client.force_login(known.officer)
    rows = sheet_of(
        {"Framework": "NI", "Code": "116", "Period": "2024/25", "Figure": "17.5%", "Reported on": "01/06/2025",
         "Source": "DWP", "Target": "18"},  # a new figure; the target as it is
        {"Framework": "NI", "Code": "116", "Period": "2023/24", "Figure": "21.5", "Source": "DWP",
         "Reported on": "1 September 2024", "Reason": "Second revision", "Target": "19.5"},  # corrected, target changed
        {"Framework": "National Indicator", "Code": "117", "Period": "Q2 2025", "Target": "35"},  # a new target
    )  # fmt: skip

    preview = upload(client, csv_file(rows))

    checked = preview.context["checked"]
    assert (checked.problems, checked.new_figures, checked.restated, checked.targets) == ([], 1, 1, 2)
    assert "Figure corrected from 21% to 21.5%: Second revision" in preview.text
    assert "Target changed from 19% to 19.5%" in preview.text
    assert "Target set at 35" in preview.text
    assert Observation.objects.count() == 3  # nothing written yet

    done = confirm(client, preview)

    assert "new figure" in done.text
    latest = Observation.objects.filter(indicator=known.ni116, period_end=MARCH_2024).last()
    assert (latest.value, latest.reason, latest.reported_on) == (
        Decimal("21.5"),
        "Second revision",
        timezone.localdate(),
    )
    new = Observation.objects.get(indicator=known.ni116, period_end=MARCH_2025)
    assert (new.value, new.reported_on, new.source, new.entered_by) == (
        Decimal("17.5"), datetime.date(2025, 6, 1), "DWP", known.officer)  # fmt: skip
    assert {(t.indicator.code, t.period_end, t.value) for t in Target.objects.all()} == {
        ("116", MARCH_2024, Decimal("19.5")), ("116", MARCH_2025, Decimal("18")),
        ("117", datetime.date(2025, 6, 30), Decimal("35")),
    }  # fmt: skip


def test_a_correction_reported_later_than_the_figure_keeps_its_day(known):
    rows = sheet_of({"Framework": "NI", "Code": "116", "Period": "31/03/2024", "Figure": "22", "Source": "DWP",
                     "Reported on": "2024-12-01", "Reason": "Third revision"})  # fmt: skip

    checked = figures_check(rows, known.admin, today=datetime.date(2025, 1, 1))

    assert checked.changes[0].figure["reported_on"] == datetime.date(2024, 12, 1)


def test_a_file_of_more_than_two_thousand_rows_is_refused(client, known):
    client.force_login(known.admin)
    rows = sheet_of(*[{"Framework": "NI", "Code": "116", "Period": str(2000 + n)} for n in range(2001)])

    response = client.post(reverse("indicator-import"), {"file": csv_file(rows)})

    assert response.status_code == 200
    assert "2,000" in response.context["form"].errors["file"][0]


# --- Every bad cell named by row and column ---------------------------------------

FINE = {"Framework": "NI", "Code": "116", "Period": "2024/25", "Figure": "17"}


@pytest.mark.parametrize(
    "changed, column, words",
    [
        ({"Framework": "XX"}, "Framework", "'XX' is not a framework"),
        ({"Code": "999"}, "Code", "There is no indicator NI 999"),
        ({"Code": "151"}, "Code", "There is no indicator NI 151"),  # Thurrock's: the officer may not read it
        ({"Framework": "LOCAL", "Code": "JC1"}, "Code", "You may not enter figures for LOCAL JC1"),
        ({"Figure": "12,5,3"}, "Figure", "'12,5,3' is not a number"),
        ({"Figure": "twelve"}, "Figure", "'twelve' is not a number"),
        ({"Target": "lots"}, "Target", "'lots' is not a number"),
        ({"Period": "Q5 2025"}, "Period", "'Q5 2025' is not a period"),
        ({"Period": "April to June 2025"}, "Period", "is not a quarter"),
        ({"Period": "2024/23"}, "Period", "the second year should follow the first"),
        ({"Period": "2023/24", "Figure": "25"}, "Reason", "Give the reason the figure is corrected from 21%"),
        ({"Period": "2023/24", "Figure": "25", "Reason": "Revised by DWP"}, "Reason", "the last correction"),
        ({"Period": "2023/24", "Figure": "25", "Reason": "Again", "Reported on": "01/01/2024"}, "Reported on",
         "reported after the figure it corrects"),
        ({"Reported on": "31/02/2025"}, "Reported on", "'31/02/2025' is not a date"),
        ({"Reported on": "01/01/2099"}, "Reported on", "is in the future"),
        ({"Denominator": "0", "Numerator": "3"}, "Denominator", "cannot be 0"),
        ({"Figure": None, "Note": "Provisional"}, "Figure", "Enter the figure"),
        ({"Figure": "=SUM(A1:A3)"}, "Figure", "formula"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_named_by_its_row_and_column(known, changed, column, words):
    rows = sheet_of({**FINE, "Period": "2022/23"}, {**FINE, **changed})

    problems = figures_check(rows, known.officer, today=datetime.date(2025, 7, 1)).problems

    assert [(problem.row, problem.column) for problem in problems] == [(3, column)]
    assert words in problems[0].message


def test_a_second_row_for_the_same_indicator_and_period_is_named(known):
    rows = sheet_of(FINE, {}, {**FINE, "Period": "31/03/2025", "Figure": "18"})

    problems = figures_check(rows, known.officer).problems

    assert problems == [Problem(4, "Period", "Row 2 is for NI 116 2024/25 too: give each period one row")]


def test_a_file_without_a_period_column_is_named(known):
    rows = sheet_of(FINE, headers=["Framework", "Code", "Figure"])

    assert figures_check(rows, known.officer).problems == [
        Problem(1, "Period", f"There is no Period column: the header row names the columns {', '.join(COLUMNS)}")
    ]


def test_a_preview_with_problems_lists_each_and_offers_no_confirm(client, known):
    client.force_login(known.officer)

    preview = upload(client, csv_file(sheet_of({**FINE, "Code": "999"}, {**FINE, "Figure": "12,5,3"})))

    assert "2 problems to fix before anything can be imported" in preview.text
    assert "There is no indicator NI 999" in preview.text
    assert "Confirm and import" not in preview.text


# --- All or nothing -----------------------------------------------------------------


def test_figures_changed_after_the_preview_write_nothing(client, known):
    client.force_login(known.officer)
    preview = upload(client, csv_file(sheet_of({**FINE, "Target": "17"}, {**FINE, "Code": "117", "Period": "Q2 2025"})))
    make_observation(known.ni117, datetime.date(2025, 6, 30), 41)  # entered by someone else meanwhile

    response = confirm(client, preview)

    assert [(p.row, p.column) for p in response.context["checked"].problems] == [(3, "Reason")]
    assert not Observation.objects.filter(indicator=known.ni116, period_end=MARCH_2025).exists()
    assert Target.objects.get(indicator=known.ni116, period_end=MARCH_2025).value == Decimal("18")


def test_a_confirm_of_other_changes_than_previewed_writes_nothing(client, known):
    client.force_login(known.officer)
    preview = upload(client, csv_file(sheet_of({**FINE, "Target": "17"})))
    make_target(known.ni116, MARCH_2025, "17")  # set by someone else meanwhile: the row no longer changes it

    response = client.post(reverse("indicator-import-confirm"), {"digest": preview.context["digest"]})

    assert "The figures changed after you checked the file" in response.text
    assert not Observation.objects.filter(indicator=known.ni116, period_end=MARCH_2025).exists()


def test_a_change_the_services_refuse_undoes_the_changes_before_it(known):
    rows = sheet_of({**FINE, "Target": "16"}, {**FINE, "Code": "117", "Period": "Q1 2025", "Figure": "41",
                                               "Reason": "Recount"})  # fmt: skip
    changes = figures_check(rows, known.admin).changes
    changes[1].figure["reason"] = ""  # as if the check had missed it

    with pytest.raises(Exception, match="give the reason"):
        figures_write(changes, known.admin)

    assert Observation.objects.count() == 3
    assert Target.objects.get(indicator=known.ni116, period_end=MARCH_2025).value == Decimal("18")


# --- Who may ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["chair", "stranger", "thurrock_officer"])
def test_only_admins_and_officers_reach_the_import(client, known, role):
    client.force_login(getattr(known, role))
    expected = 200 if role == "thurrock_officer" else 403

    assert client.get(reverse("indicator-import")).status_code == expected
    assert client.get(reverse("indicator-import-preview")).status_code in (expected, 302)
    assert client.post(reverse("indicator-import-confirm")).status_code in (expected, 302)


def test_visitors_are_asked_to_sign_in(client, known):
    for url in [reverse("indicator-import"), reverse("indicator-export-xlsx"), reverse("indicator-import-preview")]:
        response = client.get(url)
        assert response.url.startswith(reverse(settings.LOGIN_URL))


def test_an_officer_may_not_import_another_organisations_figures(client, known):
    client.force_login(known.officer)

    preview = upload(client, csv_file(sheet_of({**FINE, "Framework": "LOCAL", "Code": "JC1"})))

    assert "You may not enter figures for LOCAL JC1: they are entered by the officers of Jobcentre Plus" in preview.text
    assert client.post(reverse("indicator-import-confirm"), {"digest": preview.context["digest"]}).status_code == 200
    assert not Observation.objects.filter(indicator=known.jc1).exists()


def test_an_admin_may_import_any_indicators_figures(client, known):
    client.force_login(known.admin)
    preview = upload(client, csv_file(sheet_of({**FINE, "Framework": "LOCAL", "Code": "JC1"})))

    confirm(client, preview)

    assert Observation.objects.get(indicator=known.jc1).value == Decimal("17")


def test_the_export_has_only_the_indicators_the_user_may_read(client, known):
    make_observation(known.ni151, MARCH_2024, 5)
    client.force_login(known.officer)

    assert b"151" not in export(client, "csv")
    assert client.get(reverse("indicator-export-csv"), {"plan": known.plan_b.pk}).status_code == 404


def test_an_xlsx_import_reads_dates_and_numbers_typed_as_cells(client, known):
    client.force_login(known.officer)
    rows = sheet_of({**FINE, "Period": MARCH_2025, "Figure": 17.5, "Reported on": datetime.date(2025, 6, 1)})
    content = write_xlsx([Sheet("Figures", rows[0], rows[1:])])

    preview = upload(client, SimpleUploadedFile("figures.xlsx", content))

    assert preview.context["checked"].problems == []
    assert "New figure 17.5%" in preview.text


# --- The command ----------------------------------------------------------------------


def test_the_command_checks_and_with_confirm_imports(known, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_bytes(write_csv(Sheet("Figures", list(COLUMNS), sheet_of(FINE)[1:])))
    out = io.StringIO()

    call_command("import_indicator_figures", str(path), user="officer", stdout=out)
    assert not Observation.objects.filter(indicator=known.ni116, period_end=MARCH_2025).exists()
    call_command("import_indicator_figures", str(path), user="officer", confirm=True, stdout=out)

    assert "Row 2: NI 116 2024/25: New figure 17%" in out.getvalue()
    assert Observation.objects.get(indicator=known.ni116, period_end=MARCH_2025).entered_by == known.officer


def test_the_command_names_each_problem_and_writes_nothing(known, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_bytes(write_csv(Sheet("Figures", list(COLUMNS), sheet_of(FINE, {**FINE, "Code": "999"})[1:])))
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_indicator_figures", str(path), user="officer", confirm=True, stderr=err)

    assert "Row 3, Code: There is no indicator NI 999" in err.getvalue()
    assert Observation.objects.count() == 3
