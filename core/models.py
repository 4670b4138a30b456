from django.db import models
from django.utils import timezone


class PasswordResetRequest(models.Model):
    """One request on the password-reset page that was let through, kept for
    PASSWORD_RESET_WINDOW so that core/password_reset.py can count requests per
    client address and per email address. The email address is kept only as a
    keyed digest: the table says nothing about who asked for what."""

    address = models.GenericIPAddressField(null=True)
    email_digest = models.CharField(max_length=64)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["address", "requested_at"]),
            models.Index(fields=["email_digest", "requested_at"]),
        ]

    def __str__(self):
        return f"Password reset requested from {self.address or 'an unknown address'} at {self.requested_at:%Y-%m-%d %H:%M}"
