from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from content.models import Question, TeamContentStats
from tests.factories import QuestionFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_content_recount_fixes_counters_after_a_bulk_load(team):
    QuestionFactory(team=team)
    now, owner = timezone.now(), UserFactory()
    Question.objects.bulk_create(
        Question(team=team, title=f"q{i}", body_markdown="b", body_html="<p>b</p>", owner=owner,
                 created_at=now, last_activity_at=now)
        for i in range(4)
    )  # fmt: skip
    other = TeamFactory()
    out = StringIO()
    call_command("content_recount", "--search", stdout=out)
    assert TeamContentStats.objects.get(team=team).question_count == 5
    assert TeamContentStats.objects.get(team=other).question_count == 0
    assert f"{team.slug}: 5 questions" in out.getvalue()


def test_content_recount_of_one_team(team):
    call_command("content_recount", "--team", team.slug, stdout=StringIO())
    assert TeamContentStats.objects.filter(team=team).exists()
    with pytest.raises(CommandError, match="No team"):
        call_command("content_recount", "--team", "nope", stdout=StringIO())


def test_content_recount_builds_missing_search_documents(team):
    from django.db import connection

    now, owner = timezone.now(), UserFactory()
    Question.objects.create(
        team=team, title="Bulk loaded kubernetes question", body_markdown="b", body_html="b",
        owner=owner, created_at=now, last_activity_at=now,
    )  # fmt: skip
    call_command("content_recount", "--search", stdout=StringIO())
    from content.selectors import content_search

    page = content_search(team=team, user=owner, query="kubernetes", page=1, page_size=10)
    assert page.total_count == 1
    if connection.vendor == "postgresql":
        assert not Question.objects.filter(search_vector__isnull=True).exists()
