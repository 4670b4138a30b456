# ImportRecord and ColumnMapping moved to the imports app (see its 0001): the
# plans app forgets them in its migration state only. Their tables, and every
# row in them, are kept; imports 0002 renames the tables.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_import_record_headings"),
        # The imports app takes the models over first.
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ImportRecord"),
                migrations.DeleteModel(name="ColumnMapping"),
            ],
            database_operations=[],
        ),
    ]
