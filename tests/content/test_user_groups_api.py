"""`/user-groups`, `/user-groups/{userGroupId}` and its members, through the HTTP stack."""

import json
from functools import cache
from http import HTTPStatus
from pathlib import Path

import pytest
from django.urls import reverse
from openapi_schema_validator import OAS30Validator

from content.models import UserGroup
from content.services import (
    GROUP_ADMIN_ONLY_MESSAGE,
    GROUP_NAME_TAKEN_MESSAGE,
    MEMBERS_REQUIRED_MESSAGE,
    NOT_TEAM_MEMBERS_MESSAGE,
)
from teams.models import Membership
from tests.factories import MembershipFactory, TeamFactory, UserFactory, UserGroupFactory

pytestmark = pytest.mark.django_db

OFFICIAL = Path("/work/shared/reference/stack-internal-api-v3.openapi.json")
GROUP_FIELDS = {"id", "name", "description", "users"}


@cache
def _components() -> dict:
    return json.loads(OFFICIAL.read_text())["components"]


def assert_official(body, schema_name: str) -> None:
    """`body` validates against the official document's schema of that name."""
    if not OFFICIAL.exists():  # the reference lives outside the repository
        pytest.fail(f"official document missing at {OFFICIAL}")
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": _components()}
    OAS30Validator(schema).validate(body)


def groups_url(team=None):
    return reverse("api:user-groups", kwargs={"team": team.slug} if team else {})


def group_url(group, team=None, name="api:user-group-detail", **extra):
    kwargs = {"userGroupId": getattr(group, "pk", group), **extra}
    if team is not None:
        kwargs["team"] = team.slug
    return reverse(name, kwargs=kwargs)


def members_url(group, team=None):
    return group_url(group, team, name="api:user-group-members")


def member_url(group, user_id, team=None):
    return group_url(group, team, name="api:user-group-member", userId=user_id)


@pytest.fixture
def admin_client(pat_client, team):
    client, token = pat_client(team=team, can_write=True)
    Membership.objects.filter(team=team, user=token.user).update(role=Membership.Role.ADMIN)
    return client, token.user


@pytest.fixture
def member_client(pat_client, team):
    client, token = pat_client(team=team, can_write=True)
    return client, token.user


def _ids(body) -> list[int]:
    return [user["id"] for user in body["users"]]


# --- Reads ---------------------------------------------------------------------------------


@pytest.mark.parametrize("with_team", [True, False])
def test_list_groups_in_both_path_forms(member_client, team, with_team):
    client, _ = member_client
    alice, bob = MembershipFactory(team=team).user, MembershipFactory(team=team).user
    UserGroupFactory(team=team, name="beta", members=[alice])
    UserGroupFactory(team=team, name="Alpha", members=[alice, bob])
    UserGroupFactory(name="other team's group")
    response = client.get(groups_url(team if with_team else None))
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert_official(body, "PaginatedUserGroups")
    assert body["totalCount"] == 2
    assert (body["sort"], body["order"]) == ("name", "asc")
    assert [g["name"] for g in body["items"]] == ["Alpha", "beta"]
    assert set(body["items"][0]) == GROUP_FIELDS
    assert _ids(body["items"][0]) == sorted([alice.pk, bob.pk])
    assert body["items"][0]["users"][0]["reputation"] >= 1


def test_list_sorts_by_size_and_name(member_client, team):
    client, _ = member_client
    users = [MembershipFactory(team=team).user for _ in range(3)]
    small = UserGroupFactory(team=team, name="a-small", members=users[:1])
    big = UserGroupFactory(team=team, name="b-big", members=users)
    empty = UserGroupFactory(team=team, name="c-empty")
    by_size = client.get(groups_url(team), {"sort": "size"}).json()
    assert by_size["order"] == "desc"
    assert [g["id"] for g in by_size["items"]] == [big.pk, small.pk, empty.pk]
    ascending = client.get(groups_url(team), {"sort": "size", "order": "asc"}).json()
    assert [g["id"] for g in ascending["items"]] == [empty.pk, small.pk, big.pk]
    by_name = client.get(groups_url(team), {"sort": "name", "order": "desc"}).json()
    assert [g["id"] for g in by_name["items"]] == [empty.pk, big.pk, small.pk]
    page = client.get(groups_url(team), {"pageSize": 1, "page": 2}).json()
    assert (page["totalPages"], [g["id"] for g in page["items"]]) == (3, [big.pk])


@pytest.mark.parametrize("params", [{"sort": "members"}, {"order": "up"}, {"pageSize": 0}])
def test_list_bad_parameters_are_400(member_client, team, params):
    client, _ = member_client
    response = client.get(groups_url(team), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert set(response.json()["errors"]) <= {"sort", "order", "pageSize"}


def test_user_who_left_the_team_is_not_reported_nor_counted(member_client, team):
    client, _ = member_client
    stays, leaves = MembershipFactory(team=team).user, MembershipFactory(team=team).user
    two = UserGroupFactory(team=team, name="two", members=[stays, leaves])
    one = UserGroupFactory(team=team, name="one", members=[stays])
    Membership.objects.filter(team=team, user=leaves).delete()
    body = client.get(group_url(two, team)).json()
    assert _ids(body) == [stays.pk]
    # sizes are now equal (1 and 1): ties break on id, so `two` is no longer first
    by_size = client.get(groups_url(team), {"sort": "size", "order": "desc"}).json()
    assert [g["id"] for g in by_size["items"]] == [two.pk, one.pk][::-1]


@pytest.mark.parametrize("with_team", [True, False])
def test_detail(member_client, team, with_team):
    client, _ = member_client
    member = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    group = UserGroupFactory(team=team, name="Experts", members=[member])
    response = client.get(group_url(group, team if with_team else None))
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert_official(body, "UserGroupResponseModel")
    assert body["name"] == "Experts"
    assert body["users"][0]["role"] == "Admin"


@pytest.mark.parametrize("group_id", ["other", 999_999, 2**63])
def test_detail_unknown_or_other_teams_group_is_404(member_client, team, group_id):
    client, _ = member_client
    if group_id == "other":
        group_id = UserGroupFactory(team=TeamFactory()).pk
    response = client.get(group_url(group_id, team))
    assert response.status_code == HTTPStatus.NOT_FOUND


# --- Create and update -------------------------------------------------------------------


@pytest.mark.parametrize("with_team", [True, False])
def test_admin_creates_a_group(admin_client, team, with_team):
    client, _ = admin_client
    member = MembershipFactory(team=team).user
    response = client.post(
        groups_url(team if with_team else None),
        {"name": "Reviewers", "description": "They review.", "userIds": [member.pk]},
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED, response.content
    body = response.json()
    assert_official(body, "UserGroupResponseModel")
    assert (body["name"], body["description"], _ids(body)) == (
        "Reviewers",
        "They review.",
        [member.pk],
    )
    assert UserGroup.objects.get(pk=body["id"]).team == team


def test_member_may_not_create_or_change_groups(member_client, team):
    client, _ = member_client
    group = UserGroupFactory(team=team)
    other = MembershipFactory(team=team).user
    for method, url, payload in [
        ("post", groups_url(team), {"name": "Mine"}),
        ("put", group_url(group, team), {"name": "Renamed"}),
        ("post", members_url(group, team), [other.pk]),
        ("delete", member_url(group, other.pk, team), None),
    ]:
        response = getattr(client, method)(url, payload, format="json")
        assert response.status_code == HTTPStatus.FORBIDDEN, (method, url)
        assert response.json()["detail"] == GROUP_ADMIN_ONLY_MESSAGE
    assert list(UserGroup.objects.values_list("name", flat=True)) == [group.name]


def test_read_only_admin_token_gets_403_on_every_write(pat_client, team):
    client, token = pat_client(team=team, can_write=False)
    Membership.objects.filter(team=team, user=token.user).update(role=Membership.Role.ADMIN)
    group = UserGroupFactory(team=team, members=[token.user])
    for with_team in (team, None):
        for method, url, payload in [
            ("post", groups_url(with_team), {"name": "Mine"}),
            ("put", group_url(group, with_team), {"name": "Renamed"}),
            ("post", members_url(group, with_team), [token.user.pk]),
            ("delete", member_url(group, token.user.pk, with_team), None),
        ]:
            response = getattr(client, method)(url, payload, format="json")
            assert response.status_code == HTTPStatus.FORBIDDEN, (method, url)
    assert client.get(group_url(group, team)).status_code == HTTPStatus.OK
    assert UserGroup.objects.get().members.count() == 1


@pytest.mark.parametrize("name", ["reviewers", "REVIEWERS", " Reviewers "])
def test_duplicate_name_is_400_regardless_of_case(admin_client, team, name):
    client, _ = admin_client
    UserGroupFactory(team=team, name="Reviewers")
    UserGroupFactory(team=TeamFactory(), name="Unrelated")
    response = client.post(groups_url(team), {"name": name}, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"] == {"name": [GROUP_NAME_TAKEN_MESSAGE]}
    # the same name in another team is fine
    assert client.post(groups_url(team), {"name": "unrelated"}, format="json").status_code == 201


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "ok", "userIds": "1"}, "userIds"),
        ({"name": "ok", "userIds": [0]}, "userIds"),
        ({"name": "ok", "description": "d" * 501}, "description"),
    ],
)
def test_create_bad_body_is_400_naming_the_field(admin_client, team, payload, field):
    client, _ = admin_client
    response = client.post(groups_url(team), payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert field in response.json()["errors"]
    assert not UserGroup.objects.exists()


def test_create_with_non_members_is_400_naming_them(admin_client, team):
    client, _ = admin_client
    member = MembershipFactory(team=team).user
    outsider = MembershipFactory(team=TeamFactory()).user
    nobody = UserFactory()
    response = client.post(
        groups_url(team),
        {"name": "Mixed", "userIds": [member.pk, outsider.pk, nobody.pk]},
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    message = NOT_TEAM_MEMBERS_MESSAGE.format(ids=f"{outsider.pk}, {nobody.pk}")
    assert response.json()["errors"] == {"userIds": [message]}
    assert not UserGroup.objects.exists()


def test_admin_updates_a_group(admin_client, team):
    client, _ = admin_client
    old, new = MembershipFactory(team=team).user, MembershipFactory(team=team).user
    group = UserGroupFactory(team=team, name="Old", description="Old text", members=[old])
    response = client.put(group_url(group, team), {"name": "New"}, format="json")
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert (body["name"], body["description"], _ids(body)) == ("New", "Old text", [old.pk])
    response = client.put(
        group_url(group), {"name": "new", "description": "", "userIds": [new.pk]}, format="json"
    )
    assert response.status_code == HTTPStatus.OK
    assert_official(response.json(), "UserGroupResponseModel")
    assert (response.json()["description"], _ids(response.json())) == ("", [new.pk])


def test_update_to_a_taken_name_is_400(admin_client, team):
    client, _ = admin_client
    UserGroupFactory(team=team, name="Taken")
    group = UserGroupFactory(team=team, name="Mine")
    response = client.put(group_url(group, team), {"name": "TAKEN"}, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"] == {"name": [GROUP_NAME_TAKEN_MESSAGE]}


def test_update_other_teams_group_is_404(admin_client, team):
    client, _ = admin_client
    group = UserGroupFactory(team=TeamFactory(), name="Theirs")
    response = client.put(group_url(group, team), {"name": "Mine"}, format="json")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert UserGroup.objects.get().name == "Theirs"


# --- Members -------------------------------------------------------------------------------


@pytest.mark.parametrize("with_team", [True, False])
def test_add_members_takes_a_bare_array(admin_client, team, with_team):
    client, _ = admin_client
    first, second, third = (MembershipFactory(team=team).user for _ in range(3))
    group = UserGroupFactory(team=team, members=[first])
    url = members_url(group, team if with_team else None)
    response = client.post(url, [second.pk, third.pk, first.pk], format="json")
    assert response.status_code == HTTPStatus.OK, response.content
    assert_official(response.json(), "UserGroupResponseModel")
    assert _ids(response.json()) == sorted([first.pk, second.pk, third.pk])


@pytest.mark.parametrize("payload", [{"userIds": [1]}, {"ids": [1]}, "1", [], ["x"], [0], None])
def test_add_members_other_bodies_are_400(admin_client, team, payload):
    client, _ = admin_client
    group = UserGroupFactory(team=team)
    response = client.post(members_url(group, team), payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST, payload
    assert "userIds" in response.json()["errors"]
    assert group.members.count() == 0


def test_add_members_empty_array_message(admin_client, team):
    client, _ = admin_client
    group = UserGroupFactory(team=team)
    response = client.post(members_url(group, team), [], format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"] == {"userIds": [MEMBERS_REQUIRED_MESSAGE]}


def test_add_non_members_is_400_naming_them(admin_client, team):
    client, _ = admin_client
    member = MembershipFactory(team=team).user
    outsider = UserFactory()
    group = UserGroupFactory(team=team)
    response = client.post(members_url(group, team), [member.pk, outsider.pk], format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    message = NOT_TEAM_MEMBERS_MESSAGE.format(ids=str(outsider.pk))
    assert response.json()["errors"] == {"userIds": [message]}
    assert group.members.count() == 0


def test_add_members_to_unknown_group_is_404(admin_client, team):
    client, _ = admin_client
    member = MembershipFactory(team=team).user
    other = UserGroupFactory(team=TeamFactory())
    for group_id in (other.pk, 999_999):
        response = client.post(members_url(group_id, team), [member.pk], format="json")
        assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("with_team", [True, False])
def test_remove_a_member(admin_client, team, with_team):
    client, _ = admin_client
    stays, goes = MembershipFactory(team=team).user, MembershipFactory(team=team).user
    group = UserGroupFactory(team=team, members=[stays, goes])
    response = client.delete(member_url(group, goes.pk, team if with_team else None))
    assert response.status_code == HTTPStatus.OK
    assert_official(response.json(), "UserGroupResponseModel")
    assert _ids(response.json()) == [stays.pk]
    assert list(group.members.all()) == [stays]


def test_remove_someone_not_in_the_group_is_404(admin_client, team):
    client, _ = admin_client
    stays = MembershipFactory(team=team).user
    group = UserGroupFactory(team=team, members=[stays])
    outsider = MembershipFactory(team=team).user
    for user_id in (outsider.pk, 999_999, 2**63):
        response = client.delete(member_url(group, user_id, team))
        assert response.status_code == HTTPStatus.NOT_FOUND
    assert list(group.members.all()) == [stays]


def test_schema_describes_both_path_forms(tmp_path):
    import yaml
    from django.core.management import call_command

    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    paths = yaml.safe_load(path.read_text())["paths"]
    operations = [
        ("/user-groups", "get"),
        ("/user-groups", "post"),
        ("/user-groups/{userGroupId}", "get"),
        ("/user-groups/{userGroupId}", "put"),
        ("/user-groups/{userGroupId}/members", "post"),
        ("/user-groups/{userGroupId}/members/{userId}", "delete"),
        ("/collections", "get"),
        ("/collections", "post"),
        ("/collections/{collectionId}", "get"),
        ("/collections/{collectionId}", "put"),
        ("/collections/{collectionId}", "delete"),
    ]
    for suffix, method in operations:
        for prefix in ("/api/v3/teams/{team}", "/api/v3"):
            operation = paths[prefix + suffix][method]
            assert {"400", "401", "403", "404"} <= set(operation["responses"])
    members = paths["/api/v3/user-groups/{userGroupId}/members"]["post"]
    assert members["requestBody"]["content"]["application/json"]["schema"]["type"] == "array"
    names = {p["name"] for p in paths["/api/v3/collections"]["get"]["parameters"]}
    assert {"sort", "order", "permissions", "authorIds", "partialTitle", "from", "to"} <= names
