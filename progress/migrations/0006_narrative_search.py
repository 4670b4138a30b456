# The action list's search reads approved progress narratives word by word on
# PostgreSQL (actions.filters.search_q): this full-text index over them lets it
# find the few updates that say a word instead of reading every narrative.
# SQLite has no such index and searches narratives as substrings instead.
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Q

# The expression must stay the one actions.filters.narrative_document() builds,
# or PostgreSQL will not use the index (tests/test_action_search.py checks it).
INDEX = GinIndex(
    SearchVector("narrative", config="english"), condition=Q(state="approved"), name="progress_narrative_search"
)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("progress", "ProgressUpdate"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("progress", "ProgressUpdate"), INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0005_latest_counted_index"),
    ]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
