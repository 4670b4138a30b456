"""Charts drawn on the server as SVG. Each has a text alternative, and the
page shows the same numbers in a table beside it: colour is never the only
signal (segments are also labelled with their counts, and the legend names
each colour)."""

from django.utils.html import escape, format_html, format_html_join, mark_safe

from actions.models import Status

# Rows are laid out in CSS pixels, and across in percentages of the chart's
# width, with no viewBox: the chart stretches to its box but its text never
# scales, so it stays at its 14 and 12 pixels on a 320-pixel phone (WCAG 1.4.4
# and 1.4.10). Each row is its label, with the bar on the line below.
LABEL_HEIGHT, BAR_HEIGHT, GAP = 20, 22, 12
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + GAP
BARS = 88  # the longest bar's share of the width, in per cent: its total follows it
COUNT_FITS = 7  # a segment of at least this share (18 pixels on a phone) is labelled with its count


def status_bars(rows, *, title: str) -> str:
    """One horizontal bar per row, split by status, each bar as long as the
    largest row so that rows compare at a glance; then a legend naming each
    colour, as a list that wraps at any width."""
    rows = [row for row in rows if row.total]
    if not rows:
        return ""
    largest = max(row.total for row in rows)
    parts = []
    for index, row in enumerate(rows):
        top = index * ROW_HEIGHT
        bar_top = top + LABEL_HEIGHT
        label = row.label if len(row.label) <= 38 else row.label[:37] + "…"
        parts.append(format_html('<text x="0" y="{}" class="app-chart__label">{}</text>', top + 14, label))
        left = 0.0
        for status, status_label, count, _ in row.cells:
            if not count:
                continue
            width = BARS * count / largest
            parts.append(
                format_html(
                    '<rect x="{}%" y="{}" width="{}%" height="{}" fill="{}" stroke="#0b0c0c" stroke-width="0.5">'
                    "<title>{}: {} {}</title></rect>",
                    f"{left:.2f}",
                    bar_top,
                    f"{width:.2f}",
                    BAR_HEIGHT,
                    Status(status).fill,
                    row.label,
                    count,
                    status_label,
                )  # fmt: skip
            )
            if width >= COUNT_FITS:
                colour = "#0b0c0c" if Status(status).dark_text else "#ffffff"
                parts.append(
                    format_html(
                        '<text x="{}%" y="{}" fill="{}" text-anchor="middle" class="app-chart__count">{}</text>',
                        f"{left + width / 2:.2f}",
                        bar_top + 16,
                        colour,
                        count,
                    )  # fmt: skip
                )
            left += width
        parts.append(
            format_html(
                '<text x="{}%" y="{}" class="app-chart__total">{}</text>', f"{left + 1.5:.2f}", bar_top + 16, row.total
            )
        )
    legend = format_html_join(
        "",
        '<li class="app-chart-legend__item"><svg width="14" height="14" aria-hidden="true" focusable="false">'
        '<rect x="0.25" y="0.25" width="13.5" height="13.5" fill="{}" stroke="#0b0c0c" stroke-width="0.5"></rect>'
        "</svg>{}</li>",
        ((Status(status).fill, status_label) for status, status_label, _, _ in rows[0].cells),
    )
    summary = "; ".join(
        f"{row.label}: " + ", ".join(f"{count} {label.lower()}" for _, label, count, _ in row.cells if count)
        for row in rows
    )
    return format_html(
        '<svg class="app-chart" role="img" aria-labelledby="{id}-title {id}-desc" width="100%" height="{h}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{summary}</desc>{parts}</svg>'
        '<ul class="app-chart-legend" aria-label="Key to the chart\'s colours">{legend}</ul>',
        id=escape(title.lower().replace(" ", "-"))[:40],
        h=len(rows) * ROW_HEIGHT - GAP,
        title=title,
        summary=summary,
        parts=mark_safe("".join(parts)),
        legend=legend,
    )
