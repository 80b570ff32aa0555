"""One id space for questions, answers and articles (content/models/posts.py): ids never
collide, whichever way a post is made; the migration starts the counter past existing
rows; `post_kinds` tells what an id is, in one query."""

import importlib

import pytest
from django.db import connection
from django.utils import timezone

from content.models import POST_ID_SEQUENCE, Answer, Article, Question
from content.selectors import post_kinds
from tests.factories import AnswerFactory, ArticleFactory, QuestionFactory, TeamFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("content.migrations.0009_post_ids")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL sequence (CI's PostgreSQL pass)"
)


def _fields():
    now = timezone.now()
    return {
        "body_markdown": "b",
        "body_html": "<p>b</p>",
        "owner": None,
        "created_at": now,
        "last_activity_at": now,
    }


def test_posts_made_in_any_order_never_share_an_id(team):
    question = QuestionFactory(team=team)
    made = [
        ArticleFactory(team=team),
        question,
        AnswerFactory(question=question),
        ArticleFactory(team=team),
        AnswerFactory(question=question),
        QuestionFactory(team=TeamFactory()),
        ArticleFactory(team=team),
    ]
    ids = [post.pk for post in made]
    assert len(set(ids)) == len(ids)
    everything = (
        list(Question.objects.values_list("pk", flat=True))
        + list(Answer.objects.values_list("pk", flat=True))
        + list(Article.objects.values_list("pk", flat=True))
    )
    assert len(set(everything)) == len(everything) == len(made)


def test_posts_made_by_the_orm_directly_get_post_ids_too(team):
    """`bulk_create` and `objects.create` (admin, tests, imports) go through the field."""
    questions = Question.objects.bulk_create(
        Question(team=team, title=f"q{i}", **_fields()) for i in range(3)
    )
    article = Article.objects.create(team=team, title="a", **_fields())
    answer = Answer.objects.create(question=questions[0], **_fields())
    ids = [q.pk for q in questions] + [article.pk, answer.pk]
    assert None not in ids
    assert len(set(ids)) == 5


@postgres_only
def test_the_three_id_columns_default_to_the_shared_sequence():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_default, is_identity FROM information_schema.columns "
            "WHERE column_name = 'id' AND table_name = ANY(%s) ORDER BY table_name",
            [list(migration.TABLES)],
        )
        rows = cursor.fetchall()
    default = f"nextval('{POST_ID_SEQUENCE}'::regclass)"
    assert rows == [
        ("content_answer", default, "NO"),
        ("content_article", default, "NO"),
        ("content_question", default, "NO"),
    ]


@postgres_only
def test_a_raw_insert_takes_its_id_from_the_shared_sequence(team):
    """As benchmarks/scale.py loads questions: plain SQL leaving `id` to the default."""
    article = ArticleFactory(team=team)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO content_question (team_id, title, body_markdown, body_html, "
            "created_at, last_activity_at, score, view_count, answer_count, comment_count, "
            "bookmark_count, is_answered) "
            "SELECT %s, 'raw ' || i, 'b', '<p>b</p>', now(), now(), 0, 0, 0, 0, 0, false "
            "FROM generate_series(1, 3) AS i RETURNING id",
            [team.pk],
        )
        raw_ids = [row[0] for row in cursor.fetchall()]
    later = ArticleFactory(team=team)
    assert article.pk not in raw_ids and later.pk not in raw_ids
    assert article.pk < min(raw_ids) and max(raw_ids) < later.pk
    assert post_kinds(team=team, ids=raw_ids) == dict.fromkeys(raw_ids, "question")


def test_the_migration_starts_the_counter_past_existing_posts(team):
    """The helper 0009 runs: existing rows (here with ids set by hand, past anything the
    counter gave out) are never given again; running it twice does not move it back."""
    question = QuestionFactory(team=team)
    far = question.pk + 1000
    Answer.objects.create(id=far, question=question, **_fields())
    Article.objects.create(id=far - 10, team=team, title="old", **_fields())
    following = migration.start_past_existing(connection)
    assert following == far + 1
    assert migration.start_past_existing(connection) == far + 1
    assert ArticleFactory(team=team).pk == far + 1
    assert QuestionFactory(team=team).pk == far + 2


def test_post_kinds_tells_each_id_in_one_query(team, django_assert_num_queries):
    question = QuestionFactory(team=team)
    answer = AnswerFactory(question=question)
    article = ArticleFactory(team=team)
    theirs = QuestionFactory(team=TeamFactory())
    ids = [article.pk, theirs.pk, answer.pk, question.pk, 2**62, 0, 2**64]
    with django_assert_num_queries(1):
        kinds = post_kinds(team=team, ids=ids)
    assert kinds == {question.pk: "question", answer.pk: "answer", article.pk: "article"}
    with django_assert_num_queries(1):
        kinds = post_kinds(team=team, ids=ids, kinds=("question", "article"))
    assert kinds == {question.pk: "question", article.pk: "article"}
    with django_assert_num_queries(0):
        assert post_kinds(team=team, ids=[]) == {}


def test_post_kinds_of_an_old_shared_id_is_the_first_kind_asked(team):
    """Ids made before migration 0009 may name two posts; the caller's order decides."""
    question = QuestionFactory(team=team)
    Article.objects.create(id=question.pk, team=team, title="old", **_fields())
    assert post_kinds(team=team, ids=[question.pk]) == {question.pk: "question"}
    assert post_kinds(team=team, ids=[question.pk], kinds=("article", "question")) == {
        question.pk: "article"
    }
