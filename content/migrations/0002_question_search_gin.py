"""The GIN index of the question search vector, on PostgreSQL only.

`GinIndex` in `Meta.indexes` would emit `USING gin` on SQLite too, which SQLite refuses,
so the index is created here by hand, and nothing is done on other databases (where
search falls back to `icontains`).
"""

from django.db import migrations

INDEX = "content_q_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON content_question USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("content", "0001_qa_models")]

    operations = [migrations.RunPython(create_index, drop_index)]
