"""Charts drawn on the server as SVG. Each has a text alternative, and the
page shows the same numbers in a table beside it: colour is never the only
signal (segments are also labelled with their counts, and the legend names
each colour)."""

from django.utils.html import escape, format_html, mark_safe

from actions.models import Status

LABEL_WIDTH, BAR_WIDTH, BAR_HEIGHT, GAP = 260, 440, 22, 10


def status_bars(rows, *, title: str) -> str:
    """One horizontal bar per row, split by status, each bar as long as the
    largest row so that rows compare at a glance."""
    rows = [row for row in rows if row.total]
    if not rows:
        return ""
    largest = max(row.total for row in rows)
    legend_top = len(rows) * (BAR_HEIGHT + GAP) + 10
    height = legend_top + 24 * 2
    parts = []
    for index, row in enumerate(rows):
        top = index * (BAR_HEIGHT + GAP)
        label = row.label if len(row.label) <= 38 else row.label[:37] + "…"
        parts.append(format_html('<text x="0" y="{}" class="app-chart__label">{}</text>', top + 16, label))
        left = LABEL_WIDTH
        for status, status_label, count, _ in row.cells:
            if not count:
                continue
            width = BAR_WIDTH * count / largest
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#0b0c0c" stroke-width="0.5">'
                    "<title>{}: {} {}</title></rect>",
                    f"{left:.1f}",
                    top,
                    f"{width:.1f}",
                    BAR_HEIGHT,
                    Status(status).fill,
                    row.label,
                    count,
                    status_label,
                )  # fmt: skip
            )
            if width >= 18:
                colour = "#0b0c0c" if Status(status).dark_text else "#ffffff"
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" fill="{}" text-anchor="middle" class="app-chart__count">{}</text>',
                        f"{left + width / 2:.1f}",
                        top + 16,
                        colour,
                        count,
                    )  # fmt: skip
                )
            left += width
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="app-chart__total">{}</text>', f"{left + 6:.1f}", top + 16, row.total
            )
        )
    for index, (status, status_label, _, _) in enumerate(rows[0].cells):
        x, y = (index % 4) * 175, legend_top + (index // 4) * 24
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}" stroke="#0b0c0c" stroke-width="0.5"></rect>'
                '<text x="{}" y="{}" class="app-chart__legend">{}</text>',
                x,
                y,
                Status(status).fill,
                x + 20,
                y + 12,
                status_label,
            )  # fmt: skip
        )
    summary = "; ".join(
        f"{row.label}: " + ", ".join(f"{count} {label.lower()}" for _, label, count, _ in row.cells if count)
        for row in rows
    )
    width = LABEL_WIDTH + BAR_WIDTH + 40
    return format_html(
        '<svg class="app-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{summary}</desc>{parts}</svg>',
        id=escape(title.lower().replace(" ", "-"))[:40],
        w=width,
        h=height,
        title=title,
        summary=summary,
        parts=mark_safe("".join(parts)),
    )
