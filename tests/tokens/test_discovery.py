"""RFC 9728 protected resource metadata."""

from http import HTTPStatus

import pytest

from tokens.discovery import SCOPES_SUPPORTED, resource_metadata_url


@pytest.mark.parametrize(
    ("path", "resource"),
    [
        ("/.well-known/oauth-protected-resource", "http://testserver"),
        ("/.well-known/oauth-protected-resource/mcp", "http://testserver/mcp"),
    ],
)
def test_the_metadata_names_the_resource_and_how_to_present_a_token(client, path, resource):
    response = client.get(path)

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "resource": resource,
        "resource_name": "Teamstack",
        "authorization_servers": ["http://testserver"],  # its RFC 8414 metadata: tokens/oauth
        "bearer_methods_supported": ["header"],
        "scopes_supported": SCOPES_SUPPORTED,
        "resource_documentation": "http://testserver/api/v3/docs/",
    }
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=3600" in response["Cache-Control"]


def test_a_browser_may_ask_first(client):
    response = client.options(
        "/.well-known/oauth-protected-resource/mcp",
        HTTP_ORIGIN="http://localhost:6274",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_metadata_is_read_only(client):
    response = client.post("/.well-known/oauth-protected-resource")

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_metadata_url_of_a_resource_follows_rfc_9728(rf):
    request = rf.get("/mcp")

    assert resource_metadata_url(request, "/mcp") == (
        "http://testserver/.well-known/oauth-protected-resource/mcp"
    )
    assert resource_metadata_url(request, "/") == (
        "http://testserver/.well-known/oauth-protected-resource"
    )
