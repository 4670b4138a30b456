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


class NotInBackups(models.Manager):
    """`dumpdata` reads each model's default manager. The data version belongs to
    the caches, not to the data: loaded back from a backup, it could repeat a
    number that a cache still holds for other figures. Left out, the first write
    after a restore starts it afresh (core.versions.bump)."""

    def get_queryset(self):
        return super().get_queryset().none()


class DataVersion(models.Model):
    """One row whose number moves on after every committed write to the data
    that cached pages show (core/versions.py): a cache keyed on it is never stale."""

    n = models.BigIntegerField(default=0)

    rows = models.Manager()  # what core.versions reads and writes
    objects = NotInBackups()

    class Meta:
        default_manager_name = "objects"  # which dumpdata reads

    def __str__(self):
        return f"Data version {self.n}"
