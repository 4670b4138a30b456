"""Signed links in reminder emails that work without signing in: "No change
since the last update" on one action, and unsubscribe from one kind of email
(or all). Each purpose signs with its own salt, so a link made for one
purpose is refused by the other; links carry the time they were made and
expire (NO_CHANGE_MAX_AGE, UNSUBSCRIBE_MAX_AGE).

Making a link costs no query (the sender makes thousands). Whether the
person may still post an update on the action is checked when the link is
used, not when it is made."""

import datetime
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from actions.models import Action

NO_CHANGE_SALT = "reminders.no-change"
UNSUBSCRIBE_SALT = "reminders.unsubscribe"
NO_CHANGE_MAX_AGE = datetime.timedelta(days=60)
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=365)

# The emails a person can turn off: the names of ReminderSettings' switches.
KINDS = ("digest", "escalation", "chair_summary")
ALL = "all"


class BadLink(Exception):
    """A link that was altered, made for something else, has expired, or names
    a person or action that no longer exists. `expired` says which, so that
    the page can say so."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.expired = expired


def no_change_url(user, action) -> str:
    token = signing.dumps({"u": user.pk, "a": action.pk}, salt=NO_CHANGE_SALT)
    return reverse("reminders-no-change", args=[token])


def unsubscribe_url(user, kind: str | None) -> str:
    """`kind` is one of KINDS, or None for every email."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"Unknown kind of email: {kind!r}")
    token = signing.dumps({"u": user.pk, "k": kind or ALL}, salt=UNSUBSCRIBE_SALT)
    return reverse("reminders-unsubscribe", args=[token])


class NoChangeLink(NamedTuple):
    user: object
    action: Action
    made_on: datetime.date  # the day the link was made (and the email sent)


def read_no_change(token: str) -> NoChangeLink:
    """Whom and which action a no-change link was made for, or BadLink."""
    payload = _load(token, salt=NO_CHANGE_SALT, max_age=NO_CHANGE_MAX_AGE)
    user = _active_user(payload.get("u"))
    action = Action.objects.select_related("plan").filter(pk=payload.get("a")).first()
    if action is None:
        raise BadLink("The action in this link no longer exists.")
    return NoChangeLink(user, action, _made_on(token))


def read_unsubscribe(token: str) -> tuple:
    """The (user, kind) an unsubscribe link was made for (kind is None for
    every email), or BadLink."""
    payload = _load(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    kind = payload.get("k")
    if kind != ALL and kind not in KINDS:
        raise BadLink("This link is not valid.")
    return _active_user(payload.get("u")), None if kind == ALL else kind


def _load(token: str, *, salt: str, max_age: datetime.timedelta) -> dict:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink("This link has expired.", expired=True) from error
    except signing.BadSignature as error:
        raise BadLink("This link is not valid.") from error
    if not isinstance(payload, dict):
        raise BadLink("This link is not valid.")
    return payload


def _made_on(token: str) -> datetime.date:
    # A signed value ends "<timestamp>:<signature>"; `_load` has checked both.
    made_at = datetime.datetime.fromtimestamp(signing.b62_decode(token.rsplit(":", 2)[1]), tz=datetime.UTC)
    return timezone.localdate(made_at)


def _active_user(pk):
    user = get_user_model().objects.filter(pk=pk, is_active=True).first() if isinstance(pk, int) else None
    if user is None:
        raise BadLink("The person this link was made for no longer has an account.")
    return user
