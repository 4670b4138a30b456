"""ImportRecord and ColumnMapping moved from the plans app to the imports app
without losing a row: a database migrated before the move (plans 0004, no
imports app yet) migrates cleanly after it, and its rows are read through
imports.models, on the imports app's own tables."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from imports.models import ColumnMapping, ImportRecord

BEFORE_THE_MOVE = [("plans", "0004_import_record_headings"), ("imports", None)]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # so that the next plan sees what is applied now
    return executor


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_import_records_and_mappings_survive_the_move_to_the_imports_app():
    try:
        executor = migrate(BEFORE_THE_MOVE)
        old = executor.loader.project_state(BEFORE_THE_MOVE[:1]).apps
        user = old.get_model("auth", "User").objects.create(username="ada")
        council = old.get_model("plans", "Organisation").objects.create(
            name="Example Borough Council", slug="example-borough-council", kind="council"
        )
        plan = old.get_model("plans", "Plan").objects.create(
            title="Child Poverty Plan", slug="cpp", organisation=council
        )
        record = old.get_model("plans", "ImportRecord").objects.create(
            created_by=user,
            status="imported",
            plan=plan,
            file_name="plan.xlsx",
            file_size=1234,
            checksum="a" * 64,
            content=b"PK\x03\x04",
            header_row=3,
            headings=["Theme", "Action"],
            mapping={"0": "theme", "1": "text"},
            counts={"actions_new": 2},
        )
        mapping = old.get_model("plans", "ColumnMapping").objects.create(
            organisation=council, headings={"strategic theme": "theme"}, saved_by=user
        )
        content_type = (
            ContentType.objects.filter(app_label="plans", model="importrecord").values_list("pk", flat=True).first()
        )

        migrate(latest())

        moved = ImportRecord.objects.get(pk=record.pk)
        assert (moved.created_by.username, moved.plan.slug, moved.status) == (
            "ada",
            "cpp",
            ImportRecord.Status.IMPORTED,
        )
        assert (moved.file_name, moved.file_size, moved.checksum, bytes(moved.content)) == (
            "plan.xlsx",
            1234,
            "a" * 64,
            b"PK\x03\x04",
        )
        assert (moved.header_row, moved.headings, moved.mapping, moved.counts) == (
            3, ["Theme", "Action"], {"0": "theme", "1": "text"}, {"actions_new": 2}
        )  # fmt: skip
        saved = ColumnMapping.objects.get(pk=mapping.pk)
        assert (saved.organisation.slug, saved.headings, saved.saved_by.username) == (
            "example-borough-council", {"strategic theme": "theme"}, "ada"
        )  # fmt: skip
        assert ImportRecord._meta.db_table == "imports_importrecord"
        assert ColumnMapping._meta.db_table == "imports_columnmapping"
        # Its content type moved with it: permissions and admin log entries keep pointing at it.
        assert content_type is not None
        assert ContentType.objects.get(app_label="imports", model="importrecord").pk == content_type
        # New rows still get ids after the old ones.
        assert (
            ImportRecord.objects.create(
                created_by=moved.created_by, file_name="next.csv", file_size=1, checksum="b" * 64
            ).pk
            > record.pk
        )
    finally:
        migrate(latest())
    assert not MigrationExecutor(connection).migration_plan(latest())
