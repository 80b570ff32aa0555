"""The served OpenAPI document describes the content API and validates cleanly."""

import functools
from http import HTTPStatus

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from openapi_schema_validator import OAS30ReadValidator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


OFFICIAL_OPERATIONS = [
    ("/questions", "get"),
    ("/questions", "post"),
    ("/questions/{questionId}", "get"),
    ("/questions/{questionId}", "put"),
    ("/questions/{questionId}", "delete"),
    ("/questions/{questionId}/upvote", "post"),
    ("/questions/{questionId}/downvote", "delete"),
    ("/questions/{questionId}/comments", "get"),
    ("/questions/{questionId}/answers", "get"),
    ("/questions/{questionId}/answers", "post"),
    ("/questions/{questionId}/answers/{answerId}", "put"),
    ("/questions/{questionId}/answers/{answerId}/accept", "post"),
    ("/questions/{questionId}/answers/{answerId}/comments", "get"),
    ("/tags", "get"),
    ("/tags/{tagId}", "get"),
    ("/users", "get"),
    ("/users/{userId}", "get"),
    ("/users/by-email/{email}", "get"),
    ("/users/me", "get"),
    ("/search", "get"),
    ("/questions/{questionId}/linked", "get"),
    ("/questions/{questionId}/related", "get"),
    ("/questions/{questionId}/bookmark", "post"),
    ("/questions/{questionId}/bookmark", "delete"),
    ("/questions/{questionId}/flags/options", "get"),
    ("/questions/{questionId}/flags", "post"),
    ("/questions/{questionId}/answers/{answerId}/flags/options", "get"),
    ("/questions/{questionId}/answers/{answerId}/flags", "post"),
]


@pytest.mark.parametrize(("path", "method"), OFFICIAL_OPERATIONS)
def test_official_paths_are_described_with_and_without_team(schema, path, method):
    for prefix in ("/api/v3/teams/{team}", "/api/v3"):
        operation = schema["paths"][prefix + path][method]
        assert {"400", "401", "403", "404"} <= set(operation["responses"])
        assert {"personalAccessToken": []} in operation["security"]


def test_question_list_parameters_follow_the_official_names(schema):
    operation = schema["paths"]["/api/v3/teams/{team}/questions"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {
        "page", "pageSize", "pagesize", "sort", "order", "isAnswered", "hasAcceptedAnswer",
        "tagId", "authorId", "from", "to",
    } <= names  # fmt: skip
    assert set(schema["components"]["schemas"]["PaginatedQuestions"]["properties"]) == {
        "totalCount", "pageSize", "page", "totalPages", "sort", "order", "items",
    }  # fmt: skip


def schema_errors(schema, component, instance) -> list[str]:
    """What is wrong with `instance` as a response body of the `component` schema (the read
    validator: in a response, `required` holds for read-only properties too)."""
    document = {"$ref": f"#/components/schemas/{component}", **schema}
    return [e.message for e in OAS30ReadValidator(document).iter_errors(instance)]


def test_an_unedited_article_conforms_to_our_own_schema(schema, pat_client, team):
    """Found by schemathesis (`.ci/fuzz`): an article never edited leaves `lastEditor` out,
    which the schema must not list as required."""
    errors = functools.partial(schema_errors, schema)
    client, _ = pat_client(team=team, can_write=True)
    api = f"/api/v3/teams/{team.slug}/articles"
    article = {
        "title": "Style guide",
        "body": "PEP 8, lines of 100.",
        "tags": ["python"],
        "type": "policy",
        "permissions": {"editableBy": "ownerOnly"},
    }
    created = client.post(api, article, format="json")
    assert created.status_code == 201, created.content
    assert "lastEditor" not in created.json()
    assert errors("Article", created.json()) == []
    assert errors("Article", client.get(f"{api}/{created.json()['id']}").json()) == []
    assert errors("PaginatedArticles", client.get(api).json()) == []


def test_every_answer_of_me_token_is_documented(schema, pat_client, member):
    """Found by schemathesis (`.ci/fuzz`): revoking a token twice answers 401, which the
    operation did not document; a browser session without a token gets a 403."""
    client, _ = pat_client()
    path = reverse("api:me-token")
    operations = schema["paths"][path]
    assert client.delete(path).status_code == HTTPStatus.NO_CONTENT
    for method in ("get", "delete"):
        response = getattr(client, method)(path)
        assert response.status_code == HTTPStatus.UNAUTHORIZED
        assert "401" in operations[method]["responses"]
        assert schema_errors(schema, "Problem", response.json()) == []
    client.credentials()
    client.force_login(member)
    for method in ("get", "delete"):
        response = getattr(client, method)(path)
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "403" in operations[method]["responses"]
        assert schema_errors(schema, "Problem", response.json()) == []
