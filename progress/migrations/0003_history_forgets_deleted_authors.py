"""Empties the history's author where that user has since been deleted, as
progress.models._history_forgets_deleted_authors now does on every deletion,
so that a database from before it dumps with `dumpdata --natural-foreign`."""

from django.conf import settings
from django.db import migrations


def forget_deleted_authors(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    HistoricalProgressUpdate = apps.get_model("progress", "HistoricalProgressUpdate")
    alias = schema_editor.connection.alias
    HistoricalProgressUpdate.objects.using(alias).filter(author_id__isnull=False).exclude(
        author_id__in=User.objects.using(alias).values("pk")
    ).update(author_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0002_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forget_deleted_authors, migrations.RunPython.noop, elidable=True)]
