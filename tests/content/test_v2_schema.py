"""API v2.3's OpenAPI document (`/api/2.3/schema/`) and its Swagger UI page (`/api/2.3/docs/`).

The document is generated from the URLconf: these tests walk the routes under `/api/2.3/`
themselves (through `reverse`, not through the generator) and check every one is in it,
so a method routed on another branch is held by them as soon as it is merged.
"""

import importlib
import json
import pkgutil
import re
from http import HTTPStatus
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from drf_spectacular.validation import validate_schema
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

import content.api_v2
from content.api_v2 import filters as v2filters
from content.api_v2.base import Shape, V2Api
from content.api_v2.params import sorting
from content.api_v2.schema import SECURITY_SCHEME, TOKEN_HEADER, v2_document
from tests.factories import AnswerFactory, CommentFactory, QuestionFactory, make_token

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/2.3/schema/"
DOCS_URL = "/api/2.3/docs/"
INT_SAMPLE = 987_654_321
STR_SAMPLE = "zzsamplezz"


def _document(client) -> dict:
    response = client.get(SCHEMA_URL)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _v2_resolver() -> URLResolver:
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and str(pattern.pattern) == "api/2.3/":
            return pattern
    raise AssertionError("no api/2.3/ include in the root URLconf")


REGEX_SAMPLE = "4242;4243"


def _routed_methods() -> list[tuple[str, str, type]]:
    """(OpenAPI path, name, view) of every route under /api/2.3/, found with `reverse`."""
    found = []
    stack = list(_v2_resolver().url_patterns)
    while stack:
        pattern = stack.pop()
        if isinstance(pattern, URLResolver):
            stack.extend(pattern.url_patterns)
            continue
        assert isinstance(pattern, URLPattern)
        if pattern.name == "no-method":
            continue
        converters = getattr(pattern.pattern, "converters", {})
        samples = {
            name: INT_SAMPLE if type(conv).__name__ == "IntConverter" else f"{STR_SAMPLE}{name}"
            for name, conv in converters.items()
        }
        if not converters:  # re_path(): its named groups (`{ids}` vectors hold a digit)
            samples = {
                name: REGEX_SAMPLE if name.endswith("s") else REGEX_SAMPLE.split(";")[0]
                for name in pattern.pattern.regex.groupindex
            }
        url = unquote(reverse(f"api2:{pattern.name}", kwargs=samples))
        for name, sample in samples.items():
            url = url.replace(str(sample), "{" + name + "}")
        found.append((url, pattern.name, pattern.callback.view_class))
    return found


def test_the_document_is_public_and_valid_openapi(client):
    document = _document(client)
    validate_schema(document)  # the OpenAPI 3.0 JSON schema (drf-spectacular's validator)
    assert document["openapi"].startswith("3.0")
    assert document["info"]["version"] == "2.3"
    assert all(path.startswith("/api/2.3/") for path in document["paths"])
    assert client.get(SCHEMA_URL, HTTP_X_API_ACCESS_TOKEN="garbage").status_code == 200


def test_the_document_in_yaml_and_errors_in_the_v2_shape(client):
    yaml_doc = client.get(SCHEMA_URL, HTTP_ACCEPT="application/vnd.oai.openapi")
    assert yaml_doc.content.startswith(b"openapi: 3.0.3")
    refused = client.post(SCHEMA_URL)
    assert refused.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert refused["Content-Type"] == "application/json"
    assert set(refused.json()) == {"error_id", "error_name", "error_message"}


def test_every_route_under_api_2_3_is_in_the_document(client):
    document = _document(client)
    routes = _routed_methods()
    assert len(routes) >= 3  # the foundation's own: filters/create, filters/{filters}, info
    for url, name, view in routes:
        assert url in document["paths"], f"{name} ({url}) is not in the v2.3 document"
        operations = document["paths"][url]
        for method in ("get", "post"):
            assert (method in operations) == hasattr(view, method), (url, method)
        for method, operation in operations.items():
            in_path = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert in_path == set(re.findall(r"{(\w+)}", url)), (url, method)
            query = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
            assert {"team", "site", "key", "filter"} <= query
            assert {"400", "401", "403", "404", "502"} <= set(operation["responses"])
    assert len(document["paths"]) == len({url for url, _, _ in routes})


def test_the_v3_document_stays_clean_and_without_v2():
    # v2.3 views set `schema = None`; the v3 document neither describes nor warns on them.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    from drf_spectacular.generators import SchemaGenerator

    v3 = SchemaGenerator().get_schema(request=None, public=True)
    assert not [path for path in v3["paths"] if path.startswith("/api/2.3")]


def test_the_access_token_header_is_the_security_scheme(client):
    document = _document(client)
    scheme = document["components"]["securitySchemes"][SECURITY_SCHEME]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "X-API-Access-Token"}
    assert document["security"] == [{SECURITY_SCHEME: []}]
    assert TOKEN_HEADER == "X-API-Access-Token"


def test_types_are_the_fields_registry_and_say_what_the_default_filter_includes(client):
    schemas = _document(client)["components"]["schemas"]
    for kind, fields in v2filters.FIELDS.items():
        if not kind:
            continue
        assert set(schemas[kind]["properties"]) == set(fields)
        for name, by_default in fields.items():
            note = schemas[kind]["properties"][name]["description"]
            assert ("In the default filter" in note) == by_default, (kind, name)
    question = schemas["question"]["properties"]
    assert question["creation_date"]["type"] == "integer"  # epoch seconds
    assert question["answers"]["items"] == {"$ref": "#/components/schemas/answer"}
    assert question["owner"]["allOf"] == [{"$ref": "#/components/schemas/shallow_user"}]
    assert "question.body" in question["body"]["description"]


def _all_shapes():
    for module in pkgutil.iter_modules(content.api_v2.__path__):
        importlib.import_module(f"content.api_v2.{module.name}")
    seen, stack = [], list(Shape.__subclasses__())
    while stack:
        shape = stack.pop()
        seen.append(shape)
        stack.extend(shape.__subclasses__())
    return seen


def test_every_shape_renders_only_registered_fields():
    shapes = _all_shapes()
    assert {shape.type_name for shape in shapes} >= {"shallow_user", "filter", "info"}
    for shape in shapes:
        assert set(shape.fields) <= set(v2filters.FIELDS[shape.type_name]), shape


# --- Generated from the URLconf: a method routed anywhere appears with its parameters -------

EXAMPLE_SORTS = {"activity": "date", "votes": "int"}


class ExampleListApi(V2Api):
    """`GET /examples`: a method another engineer might add.

    It pages and sorts; the document finds both in its code."""

    item_type = "question"
    parameters = {"tagged": "Tags, `;`-separated."}

    def get(self, request):
        sorting(self.params(), sorts=EXAMPLE_SORTS, default="activity")
        return self.wrap([], page=self.paging())


class ExampleWriteApi(V2Api):
    """`POST /examples/{id}/edit`."""

    item_type = "question"
    parameters = {"title": "The new title."}

    def post(self, request, id):
        return self.wrap([])


def test_a_newly_routed_method_is_described_without_editing_the_generator():
    document = v2_document(
        [
            path("examples", ExampleListApi.as_view(), name="example-list"),
            path("examples/<int:id>/edit", ExampleWriteApi.as_view(), name="example-edit"),
        ]
    )
    validate_schema(document)
    listing = document["paths"]["/api/2.3/examples"]["get"]
    assert listing["summary"] == "`GET /examples`: a method another engineer might add."
    assert listing["tags"] == ["examples"]
    by_name = {p["name"]: p for p in listing["parameters"]}
    assert set(by_name) == {
        *("team", "site", "key", "filter", "page", "pagesize", "tagged"),
        *("sort", "order", "min", "max", "fromdate", "todate"),
    }
    assert by_name["sort"]["schema"]["enum"] == ["activity", "votes"]
    assert by_name["pagesize"]["schema"]["maximum"] == 100
    ok = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/wrapper_question"}

    edit = document["paths"]["/api/2.3/examples/{id}/edit"]
    assert set(edit) == {"post"}
    (id_parameter,) = [p for p in edit["post"]["parameters"] if p["in"] == "path"]
    assert id_parameter["schema"]["type"] == "integer"
    form = edit["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert {"title", "preview"} <= set(form["schema"]["properties"])
    no_paging = {p["name"] for p in edit["post"]["parameters"]}
    assert "page" not in no_paging and "sort" not in no_paging


# --- Real responses match the document -------------------------------------------------------

EVERYTHING = v2filters.filter_create(
    base="default", include=sorted(v2filters.ALL_FIELDS), exclude=[], unsafe=False
).name


def _validator(document: dict, schema: dict) -> OAS30Validator:
    registry = Registry().with_resource(
        "urn:v2", Resource.from_contents(document, default_specification=DRAFT4)
    )
    ref = schema["$ref"].replace("#", "urn:v2#", 1)
    return OAS30Validator({"$ref": ref}, registry=registry)


# Reads that the documentation says need one of their parameters (else 400 bad_parameter).
REQUIRED_PARAMETERS = {
    "/api/2.3/search": {"intitle": "widget"},
    "/api/2.3/similar": {"title": "widget"},
}


def test_every_parameterless_read_answers_as_documented(client, team):
    question = QuestionFactory(team=team)
    answer = AnswerFactory(question=question)
    CommentFactory(question=question)
    CommentFactory(answer=answer)
    user = question.owner
    _, code = make_token(user=user, team=team)
    document = _document(client)
    checked = []
    for url, operations in document["paths"].items():
        if "{" in url or "get" not in operations:
            continue
        for flt in ("default", EVERYTHING):
            params = {"filter": flt, **REQUIRED_PARAMETERS.get(url, {})}
            response = client.get(url, params, HTTP_X_API_ACCESS_TOKEN=code)
            assert response.status_code == HTTPStatus.OK, (url, response.content)
            ok = operations["get"]["responses"]["200"]["content"]["application/json"]
            _validator(document, ok["schema"]).validate(response.json())
        checked.append(url)
    assert "/api/2.3/info" in checked


def test_an_error_matches_the_error_schema(client, team):
    document = _document(client)
    body = client.get("/api/2.3/info").json()
    _validator(document, {"$ref": "#/components/schemas/error"}).validate(body)


# --- The Swagger UI page ---------------------------------------------------------------------


def _page_data(response, element_id: str):
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.+?)</script>',
        response.content.decode(),
    )
    return json.loads(match.group(1)) if match else None


def test_anonymous_visitors_read_the_v2_docs(client):
    response = client.get(DOCS_URL)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "API v2.3 documentation" in body
    assert SCHEMA_URL in body
    assert 'href="/api/v3/docs/"' in body
    assert "swagger-ui-bundle.js" in body
    assert _page_data(response, "swagger-token-code") is None


def test_a_member_gets_the_v2_docs_authorized_with_the_access_token_header(client, member, team):
    client.force_login(member)
    response = client.post(DOCS_URL, {"team": team.slug})  # a GET never makes a token
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    assert _page_data(response, "swagger-security-scheme") == SECURITY_SCHEME
    code = _page_data(response, "swagger-token-code")
    assert code
    from rest_framework.test import APIClient

    api = APIClient()
    info = api.get("/api/2.3/info", HTTP_X_API_ACCESS_TOKEN=code)
    assert info.status_code == HTTPStatus.OK
    assert "items" in info.json()


def test_the_v3_docs_page_links_to_the_v2_docs(client):
    body = client.get("/api/v3/docs/").content.decode()
    assert "API v3 documentation" in body
    assert f'href="{DOCS_URL}"' in body


def test_an_unknown_team_on_the_v2_docs_page_is_a_v2_error(client, member):
    client.force_login(member)
    response = client.get(DOCS_URL, {"team": "no-such-team"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "application/json"
    assert response.json()["error_name"] == "no_method"


def test_methods_document_their_own_parameters(client):
    paths = _document(client)["paths"]

    def names(path):
        return {p["name"] for p in paths[path]["get"]["parameters"]}

    assert {"q", "accepted", "answers", "tagged", "nottagged", "views"} <= names(
        "/api/2.3/search/advanced"
    )
    assert {"intitle", "tagged"} <= names("/api/2.3/search")
    assert {"title"} <= names("/api/2.3/similar")
    assert {"inname", "sort", "page"} <= names("/api/2.3/users")
