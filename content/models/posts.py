"""Post ids: questions, answers and articles are numbered from ONE id space, as Stack
Internal numbers them, so that an id alone names a post (API v3 `contentIds`, API v2.3
`/posts/{ids}`).

How an id is given out depends on the database:

- PostgreSQL: the id columns of the three tables have no identity of their own; their
  default is `nextval('content_post_id_seq')`, one shared sequence (migration 0009). Any
  INSERT that leaves `id` out gets a post id: the ORM's (the services, `bulk_create`) and
  plain SQL alike (`benchmarks/scale.py` loads with `INSERT … SELECT`). No extra query.
- SQLite (development and tests; it has no sequences): `PostIdField` takes the id from
  the `PostId` table before the INSERT, one `INSERT … RETURNING` per new post. That table
  is AUTOINCREMENT, so an id is never given twice, even after deletes. Raw SQL that leaves
  `id` out bypasses it on SQLite; nothing does that on SQLite.

The choice is in the field, not in the services, so every way the ORM saves a new post
(services, factories, the admin, `bulk_create`) is covered on both databases.

Posts made before migration 0009 kept their ids (they are in URLs and in clients), so in
an older deployment one id may name both an old question and an old answer or article;
every post made since has an id of its own (the migration starts the shared counter past
the largest existing id). See `content.selectors.posts.post_kinds` for how such an old id
is read.
"""

from django.db import connections, models, router

POST_ID_SEQUENCE = "content_post_id_seq"  # PostgreSQL only
POST_TABLES = ("content_question", "content_answer", "content_article")


class PostId(models.Model):
    """The post-id counter on databases without sequences (SQLite): one row per id given
    out. Unused (empty) on PostgreSQL, where `content_post_id_seq` is the counter."""

    class Meta:
        verbose_name = "post id"

    def __str__(self) -> str:
        return str(self.pk)


class PostIdField(models.BigAutoField):
    """The primary key of a post (question, answer, article): an id from the shared post-id
    space. On PostgreSQL the column default does it; elsewhere `PostId` hands it out."""

    def get_pk_value_on_save(self, instance):
        alias = router.db_for_write(type(instance), instance=instance)
        if connections[alias].vendor == "postgresql":
            return None  # the column default, nextval('content_post_id_seq')
        return PostId.objects.using(alias).create().pk
