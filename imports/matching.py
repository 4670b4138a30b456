"""Which of a plan's actions each row of a file is: by what the row says, not
where it sits, so that an inserted, deleted or reordered row moves no
action's text or progress onto another.

The rule, in the order it is applied (each action is taken by one row at most;
references and texts are compared ignoring spacing and capitals):

1. **Exact**: a row with the same reference and the same text as an action is
   that action.
2. **Strong**: a row with the same text as an action, under another reference,
   is that action, renumbered.
3. **Strong**: a row whose reference only one action left over has (and only
   one row left over has) is that action, with its text corrected.
4. **Uncertain**, and the preview says so: a row left over is matched to an
   action left over whose text is much the same (at least 60% of its words
   alike) within three places of where the row sits, counted from the nearest
   matched row above or below it; or to an action left over with the same
   reference (one repeated in the plan, like two A4s) whose text is much the
   same, or which sits nearby (only the five nearest on each side with that
   reference are looked at). The most alike are paired first.
5. Any other row is a new action. Actions that no row matched are "not in the
   file"; they are left as they are.

Where a rule fits more than one pair (two rows with the same reference and
text, say), they are paired in the order they come. The same file and plan
always give the same matches.
"""

import bisect
import difflib
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field

EXACT, STRONG, UNCERTAIN = "exact", "strong", "uncertain"
SIMILAR = 0.6  # share of words alike, difflib's ratio on the words
NEAR = 3  # places either side of where a row is expected
SAME_REFERENCE_COMPARED = 5  # on each side of where a row is expected


@dataclass
class Item:
    """A file's row or a plan's action, as matching sees it. `key` is the
    action's pk (or the row's spreadsheet row number); position is its place,
    counting from 0: rows and actions are given in their order."""

    key: int
    reference: str
    text: str
    position: int
    # Compared ignoring spacing and capitals.
    same_reference: str = field(init=False, repr=False, compare=False)
    same_text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self.same_reference, self.same_text = _norm(self.reference), _norm(self.text)


@dataclass(frozen=True)
class Match:
    action: int | None  # the action's pk, None for a new action
    confidence: str | None  # EXACT, STRONG, UNCERTAIN, or None for a new action
    why: str = ""  # for an uncertain match: "text" (alike) or "reference" (repeated)


@dataclass
class Matching:
    matches: dict[int, Match] = field(default_factory=dict)  # row key → its match
    missing: list[int] = field(default_factory=list)  # actions no row matched, in the plan's order
    moved: set[int] = field(default_factory=set)  # matched actions whose order among the others changed


def _norm(text: str) -> str:
    return " ".join(str(text or "").split()).casefold()


def _alike_at_most(row: Counter, action: Counter) -> float:
    """An upper bound of how alike two texts' words are (difflib's quick_ratio), cheaply."""
    total = row.total() + action.total()
    if not total:
        return 0.0
    return 2 * sum(min(row[word], action[word]) for word in row.keys() & action.keys()) / total


def match_rows(rows: list[Item], actions: list[Item]) -> Matching:
    """Match the file's `rows` (in file order) to the plan's `actions` (in
    plan order): see the module's docstring."""
    result = Matching()
    row_of: dict[int, int] = {}  # row index → action index
    taken: set[int] = set()  # action indices

    def pair(row_index: int, action_index: int, confidence: str, why: str = "") -> None:
        row_of[row_index] = action_index
        taken.add(action_index)
        result.matches[rows[row_index].key] = Match(actions[action_index].key, confidence, why)

    def by_key(key_of) -> Iterator[tuple[int, int]]:
        """Pair rows and actions sharing a key, in order, among those left over."""
        groups: dict[object, deque[int]] = {}
        for index, action in enumerate(actions):
            if index not in taken and (key := key_of(action)) is not None:
                groups.setdefault(key, deque()).append(index)
        for row_index, row in enumerate(rows):
            if row_index in row_of or (key := key_of(row)) is None:
                continue
            waiting = groups.get(key)
            if waiting:
                yield row_index, waiting.popleft()

    for row_index, action_index in list(by_key(lambda item: (item.same_reference, item.same_text))):
        pair(row_index, action_index, EXACT)
    for row_index, action_index in list(by_key(lambda item: item.same_text or None)):
        pair(row_index, action_index, STRONG)
    _by_unique_reference(rows, actions, row_of, taken, pair)
    _uncertain(rows, actions, row_of, taken, pair)

    result.matches = {row.key: result.matches.get(row.key, Match(None, None)) for row in rows}
    result.missing = [action.key for index, action in enumerate(actions) if index not in taken]
    result.moved = _moved(rows, actions, row_of)
    return result


def _by_unique_reference(rows, actions, row_of, taken, pair) -> None:
    rows_by_reference: dict[str, list[int]] = {}
    actions_by_reference: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        if index not in row_of and (reference := row.same_reference):
            rows_by_reference.setdefault(reference, []).append(index)
    for index, action in enumerate(actions):
        if index not in taken and (reference := action.same_reference):
            actions_by_reference.setdefault(reference, []).append(index)
    for reference, row_indices in rows_by_reference.items():
        action_indices = actions_by_reference.get(reference, [])
        if len(row_indices) == 1 and len(action_indices) == 1:
            pair(row_indices[0], action_indices[0], STRONG)


def _uncertain(rows, actions, row_of, taken, pair) -> None:
    """Rule 4: pairs scored by how alike their words are, the most alike first,
    then the nearest, then in file order."""
    anchors = sorted(row_of.items())  # (row index, action index) of the confident matches
    anchor_rows = [row_index for row_index, _ in anchors]
    actions_by_reference: dict[str, list[int]] = {}
    for index, action in enumerate(actions):
        if index not in taken and (reference := action.same_reference):
            actions_by_reference.setdefault(reference, []).append(index)
    words: dict[int, tuple[list[str], Counter]] = {}  # by row index, or -1 - action index

    def words_of(key: int, item: Item) -> tuple[list[str], Counter]:
        if key not in words:
            split = item.same_text.split()
            words[key] = split, Counter(split)
        return words[key]

    candidates = []
    for row_index, row in enumerate(rows):
        if row_index in row_of:
            continue
        expected = _expected_places(row_index, anchors, anchor_rows)
        near = {
            index
            for place in expected
            for index in range(max(place - NEAR, 0), min(place + NEAR + 1, len(actions)))
            if index not in taken
        }
        # Only the nearest few: a reference repeated all through a plan must
        # not cost a comparison with every action that has it.
        with_reference = actions_by_reference.get(row.same_reference, [])
        same_reference = set()
        for place in expected:
            at = bisect.bisect_left(with_reference, place)
            same_reference.update(with_reference[max(at - SAME_REFERENCE_COMPARED, 0) : at + SAME_REFERENCE_COMPARED])
        for action_index in sorted(near | same_reference):
            (row_words, row_counts), (action_words, action_counts) = (
                words_of(row_index, row),
                words_of(-1 - action_index, actions[action_index]),
            )
            alike = _alike_at_most(row_counts, action_counts)
            if alike >= SIMILAR:
                alike = difflib.SequenceMatcher(None, row_words, action_words, autojunk=False).ratio()
            if action_index in near and action_index in same_reference:
                why = "reference"
            elif alike >= SIMILAR:
                why = "reference" if action_index in same_reference else "text"
            else:
                continue
            distance = min(abs(action_index - place) for place in expected)
            candidates.append((-alike, distance, row_index, action_index, why))
    for _, _, row_index, action_index, why in sorted(candidates):
        if row_index not in row_of and action_index not in taken:
            pair(row_index, action_index, UNCERTAIN, why)


def _expected_places(row_index: int, anchors, anchor_rows) -> set[int]:
    """Where among the plan's actions a row would sit, counted from the nearest
    confidently matched row above it and the nearest below it."""
    at = bisect.bisect_left(anchor_rows, row_index)
    places = set()
    if at > 0:
        above_row, above_action = anchors[at - 1]
        places.add(above_action + (row_index - above_row))
    if at < len(anchors):
        below_row, below_action = anchors[at]
        places.add(below_action - (below_row - row_index))
    return places or {row_index}
    return places


def _moved(rows, actions, row_of) -> set[int]:
    """The matched actions that changed order among the others: those outside
    the longest run of matches that keeps the plan's order."""
    sequence = [(row_index, row_of[row_index]) for row_index in range(len(rows)) if row_index in row_of]
    tails: list[int] = []  # action index ending the best run of each length
    tail_at: list[int] = []  # its place in `sequence`
    before: list[int | None] = []
    for place, (_, action_index) in enumerate(sequence):
        length = bisect.bisect_left(tails, action_index)
        if length == len(tails):
            tails.append(action_index)
            tail_at.append(place)
        else:
            tails[length] = action_index
            tail_at[length] = place
        before.append(tail_at[length - 1] if length else None)
    kept = set()
    place = tail_at[-1] if tail_at else None
    while place is not None:
        kept.add(place)
        place = before[place]
    return {actions[action_index].key for place, (_, action_index) in enumerate(sequence) if place not in kept}
