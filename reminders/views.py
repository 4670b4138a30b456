"""The pages around reminder emails: the two signed links that work without
signing in ("No change since the last update", unsubscribe), each person's
settings page, and the admins' preview with a test send."""

import logging
import smtplib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.access import check_perm

from .digests import digest_preview
from .emails import build_email
from .forms import PreviewForm, ReminderSettingsForm, kind_label, kinds_for
from .links import KINDS, BadLink, read_no_change, read_unsubscribe
from .models import ReminderSettings, SentReminder
from .no_change import no_change_check, no_change_record

logger = logging.getLogger(__name__)

# --- Signed links from emails: no sign-in, the link is the permission. Never
# cached: each page names a person and their actions.


def _bad_link(request: HttpRequest, error: BadLink) -> HttpResponse:
    return render(request, "reminders/link_problem.html", {"problem": str(error), "expired": error.expired}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def no_change(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = read_no_change(token)
    except BadLink as error:
        return _bad_link(request, error)
    user, action = link.user, link.action
    # Checked now, not when the email went: the person may have moved organisation since.
    if not user.has_perm("progress.post_update", action):
        problem = f"{_name(user)} can no longer post updates on this action."
        return render(request, "reminders/link_problem.html", {"problem": problem}, status=403)
    if request.method == "POST":
        result = no_change_record(action=action, author=user, link_made_on=link.made_on)
    else:
        result = no_change_check(action=action, author=user, link_made_on=link.made_on)
    context = {"result": result, "action": action, "person": user, "name": _name(user), "today": timezone.localdate()}
    return render(request, "reminders/no_change.html", context)


@csrf_exempt  # RFC 8058: mail programs post without a CSRF token; the signed link is the protection
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user, kind = read_unsubscribe(token)
    except BadLink as error:
        return _bad_link(request, error)
    context = {"person": user, "name": _name(user), "kind": kind, "kind_label": kind_label(kind) if kind else ""}
    if request.method == "POST":
        turn_off = _kinds_to_turn_off(request, kind)
        if turn_off is None:
            return HttpResponseBadRequest("Choose which emails to turn off.")
        _turn_off(user, turn_off)
        context["turned_off"] = [kind_label(each) for each in turn_off]
        return render(request, "reminders/unsubscribe_done.html", context)
    choices = ReminderSettings.objects.filter(user=user).first() or ReminderSettings(user=user)
    context["current"] = [{"label": kind_label(each), "on": getattr(choices, each)} for each in _kinds_of(user, kind)]
    context["paused_until"] = choices.paused_until if choices.is_paused_on(timezone.localdate()) else None
    return render(request, "reminders/unsubscribe.html", context)


def _kinds_of(user, kind: str | None) -> list[str]:
    """The emails the person gets, and the link's own kind even if their role has changed."""
    kinds = kinds_for(user)
    return kinds + [kind] if kind and kind not in kinds else kinds


def _kinds_to_turn_off(request: HttpRequest, kind: str | None) -> list[str] | None:
    """A mail program's one-click post turns off the link's kind (or all);
    the page's buttons say "this one" or "all"."""
    everything = list(KINDS)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return [kind] if kind else everything
    choice = request.POST.get("turn_off")
    if choice == "all":
        return everything
    if choice == "this" and kind:
        return [kind]
    return None


@transaction.atomic
def _turn_off(user, kinds: list[str]) -> None:
    choices, _ = ReminderSettings.objects.select_for_update().get_or_create(user=user)
    for kind in kinds:
        setattr(choices, kind, False)
    choices.save()


def _name(user) -> str:
    return user.get_full_name() or user.username


# --- Each person's settings


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    form = ReminderSettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your reminder settings have been saved.")
        return redirect("reminder-settings")
    context = {"form": form, "has_email": bool(request.user.email), "nav": "reminder-settings"}
    return render(request, "reminders/settings.html", context)


# --- Admins: preview any person's email, send themselves a test


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest) -> HttpResponse:
    check_perm(request, "reminders.preview_reminders", None)
    form = PreviewForm(request.POST if request.method == "POST" else (request.GET or None))
    email = None
    if form.is_bound and form.is_valid():
        email = _preview_email(form)
        if request.method == "POST":
            return _send_test(request, form, email)
    context = {"form": form, "email": email, "today": timezone.localdate(), "nav": "reminders-preview"}
    if email is not None:
        context["html_part"] = _html_part(email)
        context["headers"] = {name: email.extra_headers[name] for name in ("List-Unsubscribe", "List-Unsubscribe-Post")}
    return render(request, "reminders/preview.html", context)


@login_required
@require_http_methods(["GET"])
def preview_html(request: HttpRequest) -> HttpResponse:
    """The HTML part on its own, as a mail program would show it. Sandboxed:
    no script runs, no form posts and nothing loads from elsewhere, whatever
    the email holds; the inline styles emails need are allowed."""
    check_perm(request, "reminders.preview_reminders", None)
    form = PreviewForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose a person and an email.")
    email = _preview_email(form)
    response = HttpResponse(_html_part(email) if email else "<p>This person would get no email of this kind today.</p>")
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
    )
    return response


def _preview_email(form: PreviewForm):
    """The email as it would be sent today, or None when the person would get none."""
    digest = digest_preview(form.cleaned_data["person"], form.cleaned_data["kind"], timezone.localdate())
    return None if digest.is_empty else build_email(digest, site_url=settings.SITE_URL)


def _html_part(email) -> str:
    return next((content for content, mimetype in email.alternatives if mimetype == "text/html"), "")


def _send_test(request: HttpRequest, form: PreviewForm, email) -> HttpResponse:
    """Send the previewed email to the admin, marked as a test, and log it as
    one (kind "test"), which leaves the person's own email of the day unsent."""
    person, kind = form.cleaned_data["person"], form.cleaned_data["kind"]
    back = redirect(f"{request.path}?{urlencode({'person': person.pk, 'kind': kind})}")
    if email is None:
        messages.error(request, "There is nothing to send: this person would get no email of this kind today.")
        return back
    if not request.user.email:
        messages.error(request, "Your account has no email address to send the test to. Ask an admin to add one.")
        return back
    email.subject = f"[Test] {email.subject}"
    email.to = [request.user.email]
    try:
        with transaction.atomic():  # no log of a test that did not go
            SentReminder.objects.create(
                user=request.user,
                kind=SentReminder.Kind.TEST,
                rule=SentReminder.Rule.TEST,
                subject=f"{kind}:{person.pk}"[:40],
                key=timezone.now().isoformat(),
                email=request.user.email,
            )
            email.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Sending a test reminder to %s failed", request.user.email)
        messages.error(request, "The test email could not be sent: the mail server refused it or did not answer.")
        return back
    messages.success(request, f"A test email has been sent to {request.user.email}.")
    return back
