"""`/tags`, `/tags/{tagId}`, `/users`, `/users/{userId}`, `/users/by-email/{email}`."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Tag
from teams.models import Membership
from tests.factories import MembershipFactory, QuestionFactory, TagFactory, TeamFactory

pytestmark = pytest.mark.django_db

TAG_FIELDS = {
    "id", "name", "description", "postCount", "subjectMatterExpertCount", "watcherCount",
    "creationDate", "hasSynonyms", "webUrl", "subjectMatterExperts",
}  # fmt: skip
USER_SUMMARY_FIELDS = {"id", "accountId", "name", "avatarUrl", "webUrl", "reputation", "role"}
USER_FIELDS = USER_SUMMARY_FIELDS | {"email", "externalId", "department", "jobTitle"}
USER_DETAIL_FIELDS = USER_FIELDS | {"communities"}


@pytest.fixture
def reader(pat_client, team):
    client, token = pat_client(team=team)
    return client, token.user


@pytest.fixture
def admin_reader(pat_client, team):
    """A read-only client of a team admin (`/users/by-email` is for admins)."""
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    client, token = pat_client(team=team, user=admin)
    return client, token.user


def url(name, team, **kwargs):
    return reverse(name, kwargs={"team": team.slug, **kwargs})


@pytest.fixture
def tags(team):
    now = timezone.now()
    made = []
    for i, (name, posts) in enumerate([("django", 3), ("python", 7), ("sql", 1)]):
        tag = TagFactory(team=team, name=name, post_count=posts)
        Tag.objects.filter(pk=tag.pk).update(created_at=now - timedelta(days=i))
        made.append(tag)
    TagFactory(team=TeamFactory(), name="elsewhere")
    return made


def test_tag_list(reader, team, tags):
    body = reader[0].get(url("api:tags", team)).json()
    assert (body["totalCount"], body["totalPages"], body["sort"], body["order"]) == (
        3,
        1,
        "postCount",
        "desc",
    )
    assert [t["name"] for t in body["items"]] == ["python", "django", "sql"]
    item = body["items"][0]
    assert set(item) == TAG_FIELDS - {"subjectMatterExperts"}
    assert (item["postCount"], item["watcherCount"], item["subjectMatterExpertCount"]) == (7, 0, 0)
    assert item["hasSynonyms"] is False
    assert item["webUrl"] == f"http://testserver/teams/{team.slug}/questions/tagged/python/"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sort": "name"}, ["django", "python", "sql"]),
        ({"sort": "name", "order": "desc"}, ["sql", "python", "django"]),
        ({"sort": "creationDate"}, ["django", "python", "sql"]),
        ({"sort": "creationDate", "order": "asc"}, ["sql", "python", "django"]),
        ({"sort": "postCount", "order": "asc"}, ["sql", "django", "python"]),
        ({"partialName": "YT"}, ["python"]),
        ({"partialName": "nothing"}, []),
    ],
)
def test_tag_sorts_and_partial_name(reader, team, tags, params, expected):
    body = reader[0].get(url("api:tags", team), params).json()
    assert [t["name"] for t in body["items"]] == expected
    assert body["totalPages"] == 1


@pytest.mark.parametrize("params", [{"sort": "popular"}, {"pageSize": 0}, {"page": "x"}])
def test_tag_list_validation(reader, team, params):
    response = reader[0].get(url("api:tags", team), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert set(params) <= set(response.json()["errors"])


def test_tag_counts_follow_questions(reader, team):
    QuestionFactory(team=team, tags=["kubernetes", "helm"])
    QuestionFactory(team=team, tags=["kubernetes"])
    body = reader[0].get(url("api:tags", team), {"pagesize": 1}).json()
    assert body["items"][0]["name"] == "kubernetes"
    assert body["items"][0]["postCount"] == 2
    assert (body["totalCount"], body["totalPages"]) == (2, 2)


def test_tag_detail_and_404(reader, team, tags):
    client, _ = reader
    body = client.get(url("api:tag-detail", team, tagId=tags[0].pk)).json()
    assert set(body) == TAG_FIELDS
    assert body["subjectMatterExperts"] == {"users": [], "userGroups": []}
    foreign = Tag.objects.get(name="elsewhere")
    for tag_id in (foreign.pk, 987654, 2**64):
        response = client.get(url("api:tag-detail", team, tagId=tag_id))
        assert response.status_code == HTTPStatus.NOT_FOUND


def test_user_list_sorted_by_reputation(reader, team):
    client, me = reader
    high = MembershipFactory(team=team, reputation=50)
    mid = MembershipFactory(team=team, reputation=20, role=Membership.Role.ADMIN)
    MembershipFactory()  # another team's member
    body = client.get(url("api:users", team)).json()
    assert (body["totalCount"], body["sort"], body["order"]) == (3, "reputation", "desc")
    assert [u["id"] for u in body["items"]] == [high.user_id, mid.user_id, me.pk]
    item = body["items"][1]
    assert set(item) == USER_FIELDS
    assert (item["reputation"], item["role"], item["accountId"]) == (20, "Admin", mid.user_id)
    asc = client.get(url("api:users", team), {"order": "asc", "pageSize": 2}).json()
    assert [u["id"] for u in asc["items"]] == [me.pk, mid.user_id]
    assert asc["totalPages"] == 2
    bad = client.get(url("api:users", team), {"sort": "name"})
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert "sort" in bad.json()["errors"]


def test_user_detail_by_id_and_email(reader, admin_reader, team):
    client, _ = reader
    other = MembershipFactory(team=team, reputation=12)
    body = client.get(url("api:user-detail", team, userId=other.user_id)).json()
    assert set(body) == USER_DETAIL_FIELDS
    assert (body["id"], body["reputation"], body["name"]) == (other.user_id, 12, other.user.name)
    assert body["email"] is None  # only admins and the user themself see it
    assert body["communities"] == []
    email = other.user.email.upper()
    by_email = admin_reader[0].get(url("api:user-by-email", team, email=email)).json()
    assert by_email["id"] == other.user_id


def test_admin_sees_emails(pat_client, team):
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    other = MembershipFactory(team=team).user
    from tests.factories import make_token

    _, code = make_token(team=team, user=admin)
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    body = client.get(url("api:user-detail", team, userId=other.pk)).json()
    assert body["email"] == other.email


def test_users_of_other_teams_are_404(reader, admin_reader, team):
    client, _ = reader
    admin = admin_reader[0]
    stranger = MembershipFactory()
    for response in (
        client.get(url("api:user-detail", team, userId=stranger.user_id)),
        client.get(url("api:user-detail", team, userId=2**64)),
        admin.get(url("api:user-by-email", team, email=stranger.user.email)),
        admin.get(url("api:user-by-email", team, email="nobody@example.com")),
    ):
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("email", ["a%00b@example.com", "not-an-email"])
def test_malformed_email_is_400_not_a_query(admin_reader, team, email):
    response = admin_reader[0].get(f"/api/v3/teams/{team.slug}/users/by-email/{email}")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "email" in response.json()["errors"]
