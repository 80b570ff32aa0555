"""The articles admin: staff look, search, filter and delete (through the service)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content.models import Article, Tag
from tests.factories import ArticleFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:content_article_changelist"


def _titles(response) -> list[str]:
    return sorted(a.title for a in response.context["cl"].result_list)


def test_changelist_searches_and_filters(admin_client):
    team = TeamFactory(name="Blue team")
    owner = UserFactory(username="writer")
    ArticleFactory(team=team, owner=owner, title="Runbook", type="howToGuide")
    ArticleFactory(team=TeamFactory(), title="Policy", type="policy")
    response = admin_client.get(reverse(CHANGELIST))
    assert response.status_code == HTTPStatus.OK
    assert _titles(response) == ["Policy", "Runbook"]
    assert _titles(admin_client.get(reverse(CHANGELIST), {"q": "writer"})) == ["Runbook"]
    assert _titles(admin_client.get(reverse(CHANGELIST), {"q": "Blue"})) == ["Runbook"]
    assert _titles(admin_client.get(reverse(CHANGELIST), {"type__exact": "policy"})) == ["Policy"]
    assert _titles(admin_client.get(reverse(CHANGELIST), {"team__id__exact": team.pk})) == [
        "Runbook"
    ]


def test_delete_goes_through_the_service(admin_client):
    article = ArticleFactory(tags=["ops"])
    assert Tag.objects.get(name="ops").post_count == 1
    url = reverse("admin:content_article_delete", args=[article.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Article.objects.exists()
    assert Tag.objects.get(name="ops").post_count == 0


def test_bulk_delete_goes_through_the_service(admin_client):
    articles = [ArticleFactory(tags=["ops"]) for _ in range(2)]
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "delete_selected", "_selected_action": [a.pk for a in articles], "post": "yes"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not Article.objects.exists()
    assert set(Tag.objects.values_list("post_count", flat=True)) == {0}
