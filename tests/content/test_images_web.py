"""Team images in people's browsers: the members-only session route that Markdown bodies
embed, and the sanitizer that points `<img src>` at it (and drops foreign sources)."""

import uuid
from http import HTTPStatus

import pytest
from django.urls import reverse

from content.image_response import CONTENT_SECURITY_POLICY
from content.markdown import render_markdown
from tests.content.test_images_api import _stored_image, image_bytes
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _web_url(image, team) -> str:
    return reverse("team-image", kwargs={"team": team.slug, "image_id": image.public_id})


def test_a_signed_in_member_gets_the_image(client, team):
    member = MembershipFactory(team=team).user
    image = _stored_image(team=team, format="GIF")
    client.login(username=member.username, password=DEFAULT_PASSWORD)
    response = client.get(_web_url(image, team))
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == image_bytes("GIF")
    assert response["Content-Type"] == "image/gif"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_a_signed_in_non_member_gets_404(client, team):
    image = _stored_image(team=team)
    outsider = MembershipFactory(team=TeamFactory()).user
    client.login(username=outsider.username, password=DEFAULT_PASSWORD)
    assert client.get(_web_url(image, team)).status_code == HTTPStatus.NOT_FOUND


def test_a_member_of_another_team_cannot_reach_it_through_their_own_team(client, team):
    image = _stored_image(team=team)
    other = TeamFactory()
    member = MembershipFactory(team=other).user
    client.login(username=member.username, password=DEFAULT_PASSWORD)
    assert client.get(_web_url(image, other)).status_code == HTTPStatus.NOT_FOUND


def test_a_signed_out_visitor_gets_404(client, team):
    image = _stored_image(team=team)
    assert client.get(_web_url(image, team)).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("image_id", [str(uuid.uuid4()), "nope"])
def test_an_unknown_id_is_404(client, team, image_id):
    member = MembershipFactory(team=team).user
    client.login(username=member.username, password=DEFAULT_PASSWORD)
    url = reverse("team-image", kwargs={"team": team.slug, "image_id": image_id})
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_only_get_and_head(client, team):
    member = UserFactory()
    MembershipFactory(team=team, user=member)
    image = _stored_image(team=team)
    client.login(username=member.username, password=DEFAULT_PASSWORD)
    assert client.post(_web_url(image, team)).status_code == HTTPStatus.METHOD_NOT_ALLOWED


ID = "0b3f8e9c-5f0e-4c1e-9a3b-2b9d6f1f2a11"


@pytest.mark.parametrize(
    "src",
    [
        f"https://teamstack.example.com/api/v3/teams/acme/images/{ID}",  # as upload returns it
        f"/api/v3/teams/acme/images/{ID}",
        f"/teams/acme/images/{ID}",
    ],
)
def test_markdown_keeps_our_image_urls_as_the_browser_route(src):
    html = render_markdown(f"![diagram]({src})")
    assert html == f'<p><img src="/teams/acme/images/{ID}" alt="diagram"></p>\n'


@pytest.mark.parametrize(
    "src",
    [
        "https://example.com/a.png",
        f"https://example.com/teams/acme/images/{ID}/../../../evil.png",
        f"/api/v3/teams/acme/images/{ID}?x=1",
        f"/api/v3/images/{ID}",  # team-less: no team to point the browser at
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert(1)",
    ],
)
def test_markdown_drops_other_image_sources(src):
    html = render_markdown(f'![x]({src}) <img src="{src}" srcset="{src} 2x">')
    assert "src" not in html
    assert "<img" in html  # the image stays as its alt text, without a source


def test_markdown_links_are_left_alone():
    html = render_markdown("[site](https://example.com/a.png)")
    assert 'href="https://example.com/a.png"' in html
