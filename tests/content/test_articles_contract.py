"""Article responses validate against the official API v3 document's schemas."""

import copy
import json
from pathlib import Path

import pytest
from django.urls import reverse
from openapi_schema_validator import OAS30Validator

from content import services
from tests.factories import ArticleFactory, MembershipFactory, QuestionFactory, UserGroupFactory

pytestmark = pytest.mark.django_db

DOCUMENT = Path("/work/shared/reference/stack-internal-api-v3.openapi.json")


@pytest.fixture(scope="module")
def components():
    if not DOCUMENT.exists():
        pytest.fail(f"the official document is missing: {DOCUMENT}")
    components = copy.deepcopy(json.loads(DOCUMENT.read_text())["components"])
    # The search results are `allOf: [SearchResultModel]` plus their own properties, each
    # with `additionalProperties: false`, which no object can satisfy literally: validate
    # against the union of the properties, as the document means.
    schemas = components["schemas"]
    for name in ("QuestionSearchResultModel", "ArticleSearchResultModel"):
        schemas[name].pop("allOf")
        base = schemas["SearchResultModel"]["properties"]
        schemas[name]["properties"] = {**base, **schemas[name]["properties"]}
    return components


def errors(components, name, data) -> list[str]:
    schema = {"$ref": f"#/components/schemas/{name}", "components": components}
    return [f"{list(e.path)}: {e.message}" for e in OAS30Validator(schema).iter_errors(data)]


def test_article_shapes_follow_the_official_document(pat_client, team, components):
    client, token = pat_client(team=team, can_write=True)
    author = MembershipFactory(team=team).user
    group = UserGroupFactory(team=team, members=[author], description="Writers")
    QuestionFactory(team=team, title="A widget question")
    article = ArticleFactory(
        team=team,
        owner=author,
        title="Widget handbook",
        editable_by="specificEditors",
        editor_user_ids=[token.user.pk],
        editor_group_ids=[group.pk],
    )
    services.article_upvote(article=article, user=token.user)
    detail = client.get(reverse("api:article-detail", kwargs={"articleId": article.pk})).json()
    assert "lastEditor" not in detail  # never edited: left out, not null
    assert errors(components, "ArticleResponseModel", detail) == []
    listing = client.get(reverse("api:articles")).json()
    assert errors(components, "PaginatedArticles", listing) == []
    found = client.get(reverse("api:search"), {"query": "widget"}).json()
    assert {item["type"] for item in found["items"]} == {"question", "article"}
    assert errors(components, "PaginatedSearchResults", found) == []
