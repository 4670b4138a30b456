"""API keys: how a partner's system reads the API without a person signing in.

A key is "apt_<prefix>_<secret>". The prefix is stored as it is, to find the
key and to name it in lists and logs; the secret only as its SHA-256. The
secret is 32 random bytes, so a fast hash is enough: nobody can guess it, and
a slow password hash would cost every request. The whole key is shown once,
when an admin makes it (api/admin.py), and never again."""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from plans.models import Organisation, Plan

PREFIX = "apt_"
LIFETIME = datetime.timedelta(days=365)
# last_used_at is written at most this often, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def default_expiry() -> datetime.datetime:
    return timezone.now() + LIFETIME


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKey(models.Model):
    """A read-only key for one organisation's view of the plans: it reads what
    an officer of `organisation` reads (api/keys_access.py), and, if `plans`
    are chosen, only those of them."""

    name = models.CharField(max_length=100, help_text='Who uses it and for what, e.g. "NHS trust dashboard".')
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text="The key reads what an officer of this organisation reads, never more.",
    )
    plans = models.ManyToManyField(
        Plan,
        blank=True,
        related_name="api_keys",
        help_text="Only these plans, each of which an officer of the organisation reads. "
        "Leave empty for every plan the organisation's officers read.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_expiry, help_text="The key stops working at this moment.")
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({PREFIX}{self.prefix}…)"

    def issue(self) -> str:
        """Give the (unsaved) key a new prefix and secret; answer the whole key,
        which is not kept."""
        self.prefix = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        self.secret_hash = hash_secret(secret)
        return f"{PREFIX}{self.prefix}_{secret}"

    @classmethod
    def find(cls, key: str) -> "ApiKey | None":
        """The key this text is, or None: unknown prefix or wrong secret alike."""
        if not key.startswith(PREFIX):
            return None
        prefix, _, secret = key.removeprefix(PREFIX).partition("_")
        found = cls.objects.filter(prefix=prefix).first() if prefix and secret else None
        if found is None or not hmac.compare_digest(found.secret_hash, hash_secret(secret)):
            return None
        return found

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def state(self, now: datetime.datetime | None = None) -> str:
        if self.is_revoked:
            return "Revoked"
        return "Expired" if self.is_expired(now) else "Active"

    def note_use(self, now: datetime.datetime | None = None) -> None:
        """Record that the key was used, at most once a minute: one write a
        minute rather than one a request."""
        now = now or timezone.now()
        if self.last_used_at is not None and now - self.last_used_at < LAST_USED_RESOLUTION:
            return
        ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now

    def revoke(self, now: datetime.datetime | None = None) -> None:
        if self.revoked_at is None:
            self.revoked_at = now or timezone.now()
            ApiKey.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=self.revoked_at)
