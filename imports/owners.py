"""Which organisations an action's owners text names: "LCC - Birth to 5
Service" is Lincolnshire County Council, "Job Centre Plus linked to Next
Steps" is Jobcentre Plus, "Public Health" is nobody until an admin says whose.

An organisation is found by its name, its short name, an alias an admin
saved, a well-known variant, or the acronym of its name, wherever the text
writes it as whole words, whatever the capitals, spacing and punctuation (see
plans.names). Where two names overlap, the longer wins: "Thurrock Careers" is
Thurrock Careers, not Thurrock Council. Organisations and aliases are loaded
once, so a file of any size costs two queries."""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from plans.models import Organisation, OrganisationAlias
from plans.names import name_words, written_words

from .tabulate import cell_text

# Variants too common to need an alias, as the organisation's normalised name.
VARIANTS = {
    "jcp": "jobcentre plus",
    "jobcentre": "jobcentre plus",
}
# Left out of an acronym: "Department for Work and Pensions" is DWP.
_MINOR_WORDS = {"and", "for", "of", "in", "on", "to", "at", "with", "s"}
# An acronym shorter than this names too many things ("CC Managers" are
# children's centre managers, not the Chamber of Commerce).
ACRONYM_LETTERS = 3
_BRACKETS = re.compile(r"([()\[\]])")


def _key(words: Iterable[str]) -> str:
    # Without the spaces: "Job Centre Plus" is "Jobcentre Plus".
    return "".join(words)


def _without_brackets(name: str) -> str:
    return re.sub(r"\([^()]*\)", " ", name)


def _in_brackets(name: str) -> list[str]:
    return re.findall(r"\(([^()]*)\)", name)


def acronym(name: str) -> str:
    """ "Lincolnshire County Council" → "lcc"."""
    return "".join(word[0] for word in name_words(_without_brackets(name)) if word not in _MINOR_WORDS)


@dataclass(frozen=True)
class _Word:
    key: str  # lower case
    written: str  # as the text writes it
    group: int  # which bracketed part of the text it is in, 0 outside brackets


def _words(text: str) -> list[_Word]:
    words, depth, group, groups = [], 0, 0, 0
    for part in _BRACKETS.split(text):
        if part in "([":
            depth += 1
            if depth == 1:
                groups += 1
                group = groups
        elif part in ")]":
            depth = max(depth - 1, 0)
            if depth == 0:
                group = 0
        else:
            words += [_Word(word.casefold(), word, group) for word in written_words(part)]
    return words


class OwnerMatcher:
    """The organisations and aliases, ready to find organisations in owners texts."""

    def __init__(self, organisations: list[Organisation], aliases: list[OrganisationAlias], plan_owner_id=None):
        self.organisations = organisations
        by_pk = {organisation.pk: organisation for organisation in organisations}
        # Most trusted first: a key named by two organisations at one level names
        # neither, and hides the levels below it.
        levels: list[list[tuple[str, Organisation]]] = [
            [(name, o) for o in organisations for name in {o.name, _without_brackets(o.name)}],
            [(a.alias, by_pk[a.organisation_id]) for a in aliases if a.used_by_id and a.used_by_id == plan_owner_id],
            [(a.alias, by_pk[a.organisation_id]) for a in aliases if a.used_by_id is None],
            [(name, o) for o in organisations for name in [o.short_name, *_in_brackets(o.name)] if name],
        ]
        by_name = {_key(name_words(o.name)): o for o in organisations}
        levels.append(
            [
                (variant, by_name[_key(name.split())])
                for variant, name in VARIANTS.items()
                if _key(name.split()) in by_name
            ]
        )
        self.keys: dict[str, Organisation | None] = {}
        for level in levels:
            found: dict[str, set[Organisation]] = {}
            for name, organisation in level:
                key = _key(name_words(name))
                if key and key not in self.keys:
                    found.setdefault(key, set()).add(organisation)
            self.keys.update({key: (named.pop() if len(named) == 1 else None) for key, named in found.items()})
        acronyms: dict[str, set[Organisation]] = {}
        for organisation in organisations:
            letters = acronym(organisation.name)
            if len(letters) >= ACRONYM_LETTERS and letters not in self.keys:
                acronyms.setdefault(letters, set()).add(organisation)
        # Only an acronym that one organisation alone makes: two "LCC"s are neither.
        self.acronyms = {letters: named.pop() for letters, named in acronyms.items() if len(named) == 1}
        # In letters, not words: "Job Centre Plus" is three words of a two-word name.
        self.longest = max(map(len, [*self.keys, *self.acronyms]), default=0)

    @classmethod
    def load(cls, *, plan_owner_id=None) -> "OwnerMatcher":
        """Every organisation, and the aliases for every plan or for the plans
        of `plan_owner_id` (the council whose words they are)."""
        aliases = OrganisationAlias.objects.filter(Q(used_by__isnull=True) | Q(used_by=plan_owner_id))
        return cls(list(Organisation.objects.all()), list(aliases), plan_owner_id)

    def organisations_in(self, text: str) -> list[Organisation]:
        """The organisations `text` names, in the order it names them."""
        words = _words(text or "")
        found: dict[int, Organisation] = {}
        start = 0
        while start < len(words):
            organisation, length = self._named_at(words, start)
            if organisation is None:
                start += 1
                continue
            found.setdefault(organisation.pk, organisation)
            start += length
            # "Jobcentre Plus (DWP)", "Young People's Learning Agency (YPLA)":
            # brackets straight after a name say more about it, not another owner.
            if start < len(words) and words[start].group and words[start].group != words[start - 1].group:
                group = words[start].group
                while start < len(words) and words[start].group == group:
                    start += 1
        return list(found.values())

    def organisation_named(self, name: str) -> Organisation | None:
        """The organisation `name` is, as a whole: for cells that list organisations."""
        words = _words(name)
        organisation = self.keys.get(_key(word.key for word in words))
        if organisation is None and len(words) == 1:
            organisation, _ = self._named_at(words, 0)
        return organisation

    def _named_at(self, words: list[_Word], start: int) -> tuple[Organisation | None, int]:
        """The organisation named by the longest run of words from `start`."""
        group, end, letters = words[start].group, start, 0
        while end < len(words) and words[end].group == group and letters + len(words[end].key) <= self.longest:
            letters += len(words[end].key)
            end += 1
        for stop in range(end, start, -1):
            organisation = self.keys.get(_key(word.key for word in words[start:stop]))
            if organisation is not None:
                return organisation, stop - start
        word = words[start]
        # An acronym is written in capitals: "LCC", not "lcc" in a sentence.
        if len(word.key) >= ACRONYM_LETTERS and word.written.isupper() and word.key in self.acronyms:
            return self.acronyms[word.key], 1
        return None, 0


@dataclass(frozen=True)
class OwnersLink:
    """One distinct owners text of a file, the organisations it links, and how many rows write it."""

    text: str
    organisations: list[Organisation]
    rows: int = 1

    @property
    def linked(self) -> bool:
        return bool(self.organisations)

    @property
    def one_line(self) -> str:
        return " ".join(self.text.split())


def link_owners(texts: Iterable[str], *, plan_owner_id=None, matcher: OwnerMatcher | None = None) -> list[OwnersLink]:
    """Each distinct owners text among `texts` (in the order first written,
    empty ones left out) with the organisations it links."""
    counted = Counter(text for text in texts if text and text.strip())
    matcher = matcher or OwnerMatcher.load(plan_owner_id=plan_owner_id)
    return [OwnersLink(text, matcher.organisations_in(text), rows) for text, rows in counted.items()]


# The distinct owners texts kept for an import's preview: a file with more
# writes its owners too many ways to list, and the rest are left out.
OWNER_TEXTS_KEPT = 1000


def owner_texts(table) -> list[list]:
    """The distinct owners texts of a table's action rows, each with how many
    rows write it ([text, rows]), in the order first written."""
    counted = Counter(cell_text(row.values.get("owners")) for row in table.actions)
    counted.pop("", None)
    return [[text, rows] for text, rows in list(counted.items())[:OWNER_TEXTS_KEPT]]
