"""Reading figures as people type them: "12.5%", "1,234", "£1,200.50",
"yes". One reader for the forms and the spreadsheet import alike."""

import re
from decimal import Decimal, InvalidOperation

THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
YES = {"yes", "y", "true", "met", "1"}
NO = {"no", "n", "false", "not met", "0"}


class FigureError(ValueError):
    """A figure that cannot be read; the message says why, in words for the person who typed it."""


def read_figure(text, unit: str = "number") -> Decimal | None:
    """The figure `text` gives, or None when it is empty. Raises FigureError."""
    if text is None:
        return None
    if isinstance(text, bool):
        return Decimal(int(text))
    if isinstance(text, int | float | Decimal):
        return Decimal(str(text))
    cleaned = str(text).strip()
    if not cleaned:
        return None
    if unit == "yes_no":
        word = cleaned.lower()
        if word in YES:
            return Decimal(1)
        if word in NO:
            return Decimal(0)
        raise FigureError(f"{cleaned!r} is not yes or no")
    bare = cleaned.replace("£", "").replace("%", "").replace(" ", "")
    if "," in bare:
        # Commas only between thousands: "1,234" is 1234, but "12,5,3" is a slip, not 1253.
        if not THOUSANDS.fullmatch(bare):
            raise FigureError(f"{cleaned!r} is not a number: commas go between thousands, as in 1,234")
        bare = bare.replace(",", "")
    try:
        figure = Decimal(bare)
    except InvalidOperation:
        raise FigureError(f"{cleaned!r} is not a number") from None
    if not figure.is_finite():
        raise FigureError(f"{cleaned!r} is not a number")
    if abs(figure) >= Decimal(10) ** 10:
        raise FigureError(f"{cleaned!r} is too large")
    return figure


def show_figure(value: Decimal | None, unit: str) -> str:
    """A figure as a board reads it: "12.5%", "1,234", "£1,200.50", "Yes", "4.2 per 1,000"."""
    if value is None:
        return "–"
    if unit == "yes_no":
        return "Yes" if value else "No"
    number = f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == "percentage":
        return f"{number}%"
    if unit == "money":
        return f"£{value:,.2f}" if value != value.to_integral() else f"£{number}"
    if unit == "rate_1000":
        return f"{number} per 1,000"
    return number
