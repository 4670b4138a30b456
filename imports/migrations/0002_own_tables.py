# The moved models' tables take the imports app's names (plans_importrecord →
# imports_importrecord, plans_columnmapping → imports_columnmapping): a rename,
# so every row is kept. Their content types move with them, so that the admin
# log entries and permissions that point at them still do.

from django.db import migrations

MODELS = ["importrecord", "columnmapping"]


def move_content_types(from_app: str, to_app: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        content_types = ContentType.objects.using(schema_editor.connection.alias)
        for model in MODELS:
            # Where the new app's content type already exists, the old one is left alone.
            if not content_types.filter(app_label=to_app, model=model).exists():
                content_types.filter(app_label=from_app, model=model).update(app_label=to_app)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("plans", "0005_move_import_models_to_imports"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="columnmapping", table=None),
        migrations.AlterModelTable(name="importrecord", table=None),
        migrations.RunPython(move_content_types("plans", "imports"), move_content_types("imports", "plans")),
    ]
