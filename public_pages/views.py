"""The public pages: anyone, signed in or not, reads a published plan here.
An unpublished plan, or an action outside its published plan, is a 404
marked noindex, whoever asks."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify

from core.downloads import download
from dashboards.charts import status_bars
from spreadsheets import Sheet, write_csv

from . import statement
from .selectors import describe, get_published_plan, plan_page, public_actions, published_plans

CSV_HEADERS = [
    "Theme", "Sub-theme", "Reference", "Action", "Lead organisations", "Timescale", "Status", "Status colour",
    "Latest update date", "Update from", "Latest update", "Freshness",
]  # fmt: skip


def not_found(view):
    """A 404 for anything unpublished, and never indexed."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            response = render(request, "public_pages/not_found.html", status=404)
            response["X-Robots-Tag"] = "noindex"
            return response

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def plan_list(request: HttpRequest) -> HttpResponse:
    plans = published_plans().select_related("organisation").order_by("organisation__name", "title")
    return render(request, "public_pages/plan_list.html", {"plans": plans})


@not_found
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_published_plan(slug)
    page = plan_page(plan, timezone.localdate())
    chart = status_bars(page.rows, title=f"Actions by latest status, by theme: {plan.title}")
    return render(request, "public_pages/plan_detail.html", {"plan": plan, "page": page, "chart": chart})


@not_found
def action_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = get_published_plan(slug)
    actions = public_actions(plan).select_related("theme__parent")
    action = describe([get_object_or_404(actions, pk=pk)], timezone.localdate())[0]
    trail = action.theme.trail() if action.theme_id else []
    return render(request, "public_pages/action_detail.html", {"plan": plan, "action": action, "trail": trail})


@not_found
def accessibility_statement(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_published_plan(slug)
    contact = plan.accessibility_contact.strip()
    return render(
        request,
        "public_pages/accessibility_statement.html",
        {
            "plan": plan,
            "contact": contact,
            "contact_link": statement.contact_link(contact),
            "statement": statement,
        },
    )


@not_found
def plan_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan page's actions as CSV: the same columns the page shows."""
    plan = get_published_plan(slug)
    page = plan_page(plan, timezone.localdate())
    themes = {theme.pk: theme for theme in plan_themes(page)}
    rows = []
    for action in page.actions:
        theme = themes.get(action.theme_id)
        top, sub = (themes[theme.parent_id], theme) if theme and theme.parent_id else (theme, None)
        rows.append([
            str(top) if top else "", str(sub) if sub else "", action.reference, action.text,
            "; ".join(action.lead_organisations), action.timescale, action.shown_status.label,
            action.shown_status.colour, action.public_update_on, action.update_organisation,
            action.public_narrative or "", action.freshness,
        ])  # fmt: skip
    data = write_csv(Sheet(title=plan.title, headers=CSV_HEADERS, rows=rows))
    return download(data, f"{slugify(plan.slug)}.csv")


def plan_themes(page) -> list:
    """Every theme of the page, nested ones included."""
    themes, waiting = [], list(page.top_themes)
    while waiting:
        theme = waiting.pop(0)
        themes.append(theme)
        waiting.extend(theme.child_themes)
    return themes
