"""From a sheet's rows to the plan they describe: where the header is, which
column is which, the themes (written once and carried down, as merged cells
leave them) and the action rows, each with its spreadsheet row number.

Notes: a row holding one text cell (in a theme column, or in a column left
out) is a note of the plan, not a theme, when
- it starts the way notes start ("NB", "N.B.", "Note:", "Please note", "*"),
  wherever it is; or
- no action row follows it, and the table has ended above it: an empty row
  (or a note) lies between it and the last action, or its cell is in a
  column left out.
A row of one theme cell straight below the last action, starting like
nothing else, stays a theme (a theme with no actions yet), as do themes
followed by actions.

A formula cell the file saved no value for (spreadsheets.FormulaWithoutValue)
is a problem naming the cell and the formula, in a column read; elsewhere it
is left out like any other cell.
"""

import datetime
import re
from dataclasses import dataclass, field

from spreadsheets import FormulaWithoutValue, unneutralise

from .columns import BY_FIELD, THEME_FIELDS, normalise, recognise

HEADER_SEARCH_ROWS = 30
THEME_KIND_FIELDS = {"theme": "theme_kind", "sub_theme": "sub_theme_kind"}
# Fields that make a row an action; a row with only theme cells declares a theme.
NOT_ACTION_FIELDS = {*THEME_FIELDS, *THEME_KIND_FIELDS.values()}

# How a note under (or inside) a table starts: "NB", "N.B.", "Note:", "Notes -", "Please note", "*".
_NOTE_START = re.compile(r"^(?:NB\b|N\.\s?B\b|(?i:notes?\s*[:\-–—]|please note\b)|\*)")
# Formulas longer than this are shown by their function's name: "=HYPERLINK(…)".
FORMULA_SHOWN = 30

_REFERENCE = re.compile(r"^(?:(Priority\s+\d+)\s*:|(\d+\.)|([a-z]\.))\s+(.+)$", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row number, None for the file as a whole
    column: str  # the heading, "" for the row as a whole
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in [f"Row {self.row}" if self.row else "", self.column] if part)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class ThemeKey:
    """Identifies a theme whatever its capitals and spacing: "Best use of
    Resources" and "Best Use of Resources" on later rows are one theme."""

    parent: "ThemeKey | None"
    reference: str
    title: str

    @classmethod
    def of(cls, parent: "ThemeKey | None", reference: str, title: str) -> "ThemeKey":
        return cls(parent, " ".join(reference.split()).casefold(), " ".join(title.split()).casefold())


@dataclass
class ThemeRow:
    key: ThemeKey
    reference: str  # as first written
    title: str
    kind: str
    row: int


@dataclass
class ActionRow:
    row: int  # spreadsheet row number, counting from 1
    theme: ThemeKey | None
    values: dict[str, object]  # field → cleaned cell value


@dataclass(frozen=True)
class Note:
    row: int  # spreadsheet row number
    text: str


@dataclass
class Table:
    header_row: int  # spreadsheet row number of the header, 0 if none found
    headings: list[str]
    mapping: dict[int, str | None]  # column index → field, None where left out
    themes: dict[ThemeKey, ThemeRow] = field(default_factory=dict)
    actions: list[ActionRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # text outside the table, for the plan's notes

    def heading_of(self, field_name: str) -> str:
        for index, mapped in self.mapping.items():
            if mapped == field_name:
                return self.headings[index]
        return BY_FIELD[field_name].heading

    @property
    def fields(self) -> set[str]:
        return {mapped for mapped in self.mapping.values() if mapped}


def split_reference(text: str) -> tuple[str, str]:
    """ "Priority 2: […]nways" → ("Priority 2", "[…]nways"); "3. Sure Start" → ("3.", "Sure Start")."""
    match = _REFERENCE.match(text)
    if not match:
        return "", text
    return next(group for group in match.groups()[:3] if group), match[4]


def cell_text(value) -> str:
    """A cell as text: dates written out as people write them, numbers plainly."""
    if type(value) is str:  # most cells, and every cell read more than once: the quickest way first
        return unneutralise(value).strip()
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return unneutralise(str(value)).strip()


def find_header(rows: list[list]) -> int | None:
    """The index of the row with the most recognised headings (at least two, one
    of them the action), among the first rows; title rows above it are skipped."""
    best, best_count = None, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = [recognised[0] for cell in row if cell is not None and (recognised := recognise(cell))]
        if "text" in fields and len(fields) > best_count:
            best, best_count = index, len(fields)
    return best


def guess_mapping(headings: list[str]) -> dict[int, str | None]:
    mapping: dict[int, str | None] = {}
    taken = set()
    for index, heading in enumerate(headings):
        recognised = recognise(heading)
        if recognised and recognised[0] not in taken:
            mapping[index] = recognised[0]
            taken.add(recognised[0])
        else:
            mapping[index] = None
    return mapping


def read_table(
    rows: list[list], mapping: dict[int, str | None] | None = None, header_index: int | None = None
) -> Table:
    """Read `rows` with `mapping` (column index → field), or with the mapping the
    headings suggest."""
    if header_index is None:
        header_index = find_header(rows)
    if header_index is None:
        return Table(0, [], {}, problems=[Problem(None, "", _NO_HEADER)])
    headings = [cell_text(cell) for cell in rows[header_index]]
    table = Table(header_index + 1, headings, mapping if mapping is not None else guess_mapping(headings))
    table.problems.extend(_mapping_problems(table))
    if table.problems:
        return table
    kinds = {
        theme_field: (recognise(table.heading_of(theme_field)) or ("", ""))[1] or table.heading_of(theme_field)
        for theme_field in THEME_FIELDS
    }
    current: list[ThemeKey | None] = [None, None]
    body = [
        (number, row, _row_values(table, row, number))
        for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2)
    ]
    notes = _notes(table, body)
    for index, _, values in body:
        if not values or index in notes:
            continue  # a blank row, or a note
        for level, theme_field in enumerate(THEME_FIELDS):
            if theme_field not in values:
                continue
            reference, title = split_reference(cell_text(values[theme_field]))
            key = ThemeKey.of(current[level - 1] if level else None, reference, title)
            if key != current[level]:
                # A new theme starts; the sub-themes of the last one end.
                current[level] = key
                current[level + 1 :] = [None] * (len(current) - level - 1)
            kind = cell_text(values.get(THEME_KIND_FIELDS[theme_field])) or kinds[theme_field]
            table.themes.setdefault(key, ThemeRow(key, reference, title, kind, index))
        if set(values) - NOT_ACTION_FIELDS:
            theme = current[1] or current[0]
            table.actions.append(
                ActionRow(index, theme, {key: value for key, value in values.items() if key not in NOT_ACTION_FIELDS})
            )
    table.notes = [Note(number, text) for number, text in notes.items()]
    if not table.actions and not table.themes:
        table.problems.append(Problem(None, "", "There are no rows under the header row."))
    return table


def _row_values(table: Table, row: list, number: int) -> dict[str, object]:
    """The row's cells in the columns read, by field; a formula with no value is a problem instead."""
    values = {}
    for column, cell in enumerate(row):
        mapped = table.mapping.get(column)
        if not mapped or cell is None or cell == "":
            continue
        if isinstance(cell, FormulaWithoutValue):
            heading = table.headings[column] if column < len(table.headings) else ""
            table.problems.append(Problem(number, heading or f"Column {column + 1}", formula_problem(cell.formula)))
            continue
        values[mapped] = cell
    return values


def formula_problem(formula: str) -> str:
    if not formula:
        return "the cell holds a formula and no value; type the text instead."
    return f"the cell holds the formula {shorten_formula(formula)} and no value; type the text instead."


def shorten_formula(formula: str) -> str:
    """ "=HYPERLINK(\"https://…\", \"Plan\")" → "=HYPERLINK(…)"; a short formula as it is."""
    formula = " ".join(formula.split())
    if len(formula) <= FORMULA_SHOWN:
        return formula
    call = re.match(r"^=\s*([A-Za-z_][\w.]*)\s*\(", formula)
    if call:
        return f"={call[1]}(…)"
    return formula[: FORMULA_SHOWN - 1] + "…"


def _note_text(table: Table, row: list) -> tuple[str, bool] | None:
    """The text of a row that could be a note (one text cell, in a theme column
    or a column left out), and whether that column is left out; None otherwise."""
    filled = [(column, cell) for column, cell in enumerate(row) if cell is not None and cell != ""]
    if len(filled) != 1 or not isinstance(filled[0][1], str):
        return None
    column, cell = filled[0]
    mapped = table.mapping.get(column)
    if mapped and mapped not in THEME_FIELDS:
        return None  # an action's cell (or a theme kind)
    text = cell_text(cell)
    return (text, not mapped) if text else None


def _notes(table: Table, body: list[tuple[int, list, dict]]) -> dict[int, str]:
    """Row number → text of the rows that are notes (see the module's docstring)."""
    last_action = max(
        (number for number, _, values in body if set(values) - NOT_ACTION_FIELDS),
        default=table.header_row,
    )
    notes: dict[int, str] = {}
    ended = False  # the table has ended: an empty row or a note below its last action
    for number, row, _ in body:
        candidate = _note_text(table, row)
        trailing = number > last_action
        if trailing and not any(cell is not None and cell != "" for cell in row):
            ended = True
            continue
        if candidate is None:
            continue
        text, left_out = candidate
        if _NOTE_START.match(text) or (trailing and (ended or left_out)):
            notes[number] = text
            ended = ended or trailing
    return notes


_NO_HEADER = (
    'We could not find the header row: no row names an action column (such as "Action" or '
    '"Objectives (How)") beside another column we know. Check the file has a header row above the actions.'
)


def _mapping_problems(table: Table) -> list[Problem]:
    problems = []
    chosen: dict[str, list[str]] = {}
    for index, mapped in table.mapping.items():
        if mapped:
            chosen.setdefault(mapped, []).append(table.headings[index] or f"column {index + 1}")
    for mapped, headings in chosen.items():
        if len(headings) > 1:
            names = " and ".join(f'"{heading}"' for heading in headings)
            problems.append(
                Problem(
                    None, "", f"{names} are both read as {BY_FIELD[mapped].label}: choose one and leave the other out."
                )
            )
    if "text" not in chosen:
        problems.append(Problem(None, "", "No column is read as the action: choose the column that holds the actions."))
    if "sub_theme" in chosen and "theme" not in chosen:
        problems.append(
            Problem(None, "", "A column is read as sub-themes but none as themes: choose the theme column too.")
        )
    return problems


def normalised_headings(table: Table) -> dict[str, str | None]:
    """The mapping keyed by normalised heading, to save and reuse for the next file."""
    return {
        normalise(table.headings[index]): mapped for index, mapped in table.mapping.items() if table.headings[index]
    }
