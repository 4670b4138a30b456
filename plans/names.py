"""How organisation names are compared: "Job Centre Plus" and "Jobcentre
Plus", "C & YPSP" and "C&YPSP", "CAB's" and "CAB" are the same words written
differently. Imports match owners texts with these (imports/owners.py); saved
aliases are stored in this form so that one spelling is saved once."""

import re

# Apostrophes split a word ("CAB's" → "cab", "s"), so that a possessive still
# ends on the name; "&" and "+" are words, as people read them.
_APOSTROPHES = re.compile(r"['’`]")
_WORD = re.compile(r"[^\W_]+")
# Left out of every comparison: "the Prince's Trust" is the Prince's Trust.
IGNORED_WORDS = {"the"}


def written_words(text: str) -> list[str]:
    """The words of a name as written (capitals kept), without punctuation."""
    text = _APOSTROPHES.sub(" ", str(text)).replace("&", " and ").replace("+", " plus ")
    return [word for word in _WORD.findall(text) if word.casefold() not in IGNORED_WORDS]


def name_words(text: str) -> list[str]:
    """The words of a name, lower case, without punctuation."""
    return [word.casefold() for word in written_words(text)]


def normalise_name(text: str) -> str:
    """A name as it is stored and compared: "LCC - Children's Services" → "lcc children s services"."""
    return " ".join(name_words(text))
