# The import records and saved column mappings moved here from the plans app.
# Their tables already exist (plans 0003 and 0004 made them): this migration
# only tells Django's migration state that the models now belong to imports,
# still on the plans app's tables; 0002 then renames the tables. Nothing is
# created or dropped, so every row is kept.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("plans", "0004_import_record_headings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ColumnMapping",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "headings",
                            models.JSONField(
                                default=dict, help_text="Normalised heading → field, or null to leave it out."
                            ),
                        ),
                        ("saved_at", models.DateTimeField(auto_now=True)),
                        (
                            "organisation",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="column_mapping",
                                to="plans.organisation",
                            ),
                        ),
                        (
                            "saved_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "plans_columnmapping",
                    },
                ),
                migrations.CreateModel(
                    name="ImportRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("imported_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("previewed", "Previewed, not imported"),
                                    ("imported", "Imported"),
                                    ("cancelled", "Cancelled"),
                                    ("failed", "Failed"),
                                ],
                                default="previewed",
                                max_length=20,
                            ),
                        ),
                        (
                            "new_plan",
                            models.JSONField(
                                blank=True, default=dict, help_text="Title and organisation of a plan to create."
                            ),
                        ),
                        ("file_name", models.CharField(max_length=255)),
                        ("file_size", models.PositiveIntegerField()),
                        ("checksum", models.CharField(max_length=64, verbose_name="SHA-256")),
                        ("content", models.BinaryField(blank=True, null=True)),
                        ("header_row", models.PositiveIntegerField(default=0)),
                        ("headings", models.JSONField(default=list, help_text="The header row's cells, as text.")),
                        ("mapping", models.JSONField(default=dict, help_text="Column index → field.")),
                        ("counts", models.JSONField(default=dict)),
                        ("changes", models.JSONField(default=list)),
                        ("problems", models.JSONField(default=list)),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="imports",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="imports",
                                to="plans.plan",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-created_at"],
                        "db_table": "plans_importrecord",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
