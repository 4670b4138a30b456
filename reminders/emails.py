"""A digest as an email: a plain-text and an HTML part from the templates in
templates/reminders/email/, every link absolute (emails have no page to be
relative to), and the headers mail programs use for one-click unsubscribe."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from .approvals import ApprovalItem
from .digests import Digest, DigestItem, escalate_after_days
from .links import no_change_url, unsubscribe_url
from .models import SentReminder

Kind = SentReminder.Kind


@dataclass(frozen=True)
class Line:
    """One action in the email, with its links."""

    item: DigestItem
    action_url: str
    update_url: str
    no_change_url: str


@dataclass(frozen=True)
class ApprovalLine:
    """One update awaiting the reader's approval, with its links."""

    item: ApprovalItem
    action_url: str
    approvals_url: str


def subject_of(digest: Digest) -> str:
    count, late = len(digest.items), digest.late_count
    actions = f"{count} action{'s' if count != 1 else ''}"
    if digest.kind == Kind.CHAIR_SUMMARY:
        week = digest.day.strftime("%-d %B %Y")
        return f"Weekly summary, {week}: {late} late update{'s' if late != 1 else ''}"
    if digest.kind == Kind.ESCALATION:
        return f"{actions} late more than {escalate_after_days()} days"
    subject = f"{actions} need{'s' if count == 1 else ''} an update"
    subject = f"{subject}: {late} late" if late else subject
    return _with_approvals(subject if count else "", len(digest.approvals))


def _with_approvals(subject: str, waiting: int) -> str:
    if not waiting:
        return subject
    approvals = f"{waiting} update{'s' if waiting != 1 else ''} awaiting your approval"
    return f"{subject}; {approvals}" if subject else approvals


def build_email(digest: Digest, *, site_url: str | None = None) -> EmailMultiAlternatives:
    site_url = (site_url or settings.SITE_URL).rstrip("/")
    user = digest.user
    unsubscribe = site_url + unsubscribe_url(user, digest.kind)
    context = {
        "digest": digest,
        "user": user,
        "name": user.get_full_name() or user.username,
        "lines": [_line(item, user, site_url) for item in digest.items],
        "escalate_after_days": escalate_after_days(),
        "site_url": site_url,
        "settings_url": site_url + reverse("reminder-settings"),
        "unsubscribe_url": unsubscribe,
        "my_actions_url": site_url + reverse("my-actions"),
        "late_list_url": site_url + reverse("action-list") + "?" + urlencode({"update_late": "true"}),
        "summary": [_summary_row(row, site_url) for row in digest.summary],
        "approvals": [_approval_line(item, site_url) for item in digest.approvals],
        "approvals_url": site_url + reverse("approvals"),
    }
    template = f"reminders/email/{digest.kind}"
    email = EmailMultiAlternatives(
        subject=subject_of(digest),
        body=render_to_string(f"{template}.txt", context),
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    email.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return email


def _line(item: DigestItem, user, site_url: str) -> Line:
    action = item.action
    return Line(
        item=item,
        action_url=site_url + reverse("action-detail", args=[action.pk]),
        update_url=site_url + reverse("progress-update-new", args=[action.pk]),
        no_change_url=site_url + no_change_url(user, action),
    )


def _approval_line(item: ApprovalItem, site_url: str) -> ApprovalLine:
    return ApprovalLine(
        item=item,
        action_url=site_url + reverse("action-detail", args=[item.action.pk]),
        approvals_url=site_url + reverse("approvals") + f"#update-{item.update.pk}",
    )


def _summary_row(row, site_url: str) -> dict:
    filters = {"plan": row.plan.pk, **({"theme": row.theme.pk} if row.theme else {})}
    return {
        "row": row,
        "dashboard_url": site_url + reverse("plan-dashboard", args=[row.plan.slug]),
        "late_url": site_url + reverse("action-list") + "?" + urlencode({**filters, "update_late": "true"}),
    }
