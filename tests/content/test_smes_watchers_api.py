"""Tag subject matter experts, watchers and synonyms: `/tags/{tagId}/subject-matter-experts…`,
`/tags/{tagId}/tag-watchers`, `/users/{userId}/watched-tags`, `hasSmes`/`hasSynonyms`."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import services
from content.models import Tag, TagSynonym, UserGroup
from teams.models import Membership, Team
from teams.plans import Plan
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    QuestionFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_BUDGET = 6
DETAIL_BUDGET = 5


def url(name, team=None, **kwargs):
    """Both path forms: with `/teams/{team}` when `team` is given, else the team-less one."""
    if team is not None:
        kwargs["team"] = team.slug
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def admin(team):
    return MembershipFactory(team=team, role=Membership.Role.ADMIN).user


@pytest.fixture
def admin_client(pat_client, team, admin):
    return pat_client(team=team, user=admin, can_write=True)[0]


@pytest.fixture
def member_client(pat_client, team):
    return pat_client(team=team, can_write=True)[0]


@pytest.fixture
def tag(team):
    return TagFactory(team=team, name="django")


def group(team, *members, name="Backend"):
    made = UserGroup.objects.create(team=team, name=name)
    made.members.add(*members)
    return made


# --- SMEs: reads and writes ---------------------------------------------------------------


@pytest.mark.parametrize("with_team", [True, False])
def test_admin_replaces_adds_and_removes_smes(admin_client, team, tag, with_team):
    scope = team if with_team else None
    alice = MembershipFactory(team=team, reputation=40).user
    bob = MembershipFactory(team=team).user
    backend = group(team, bob)
    smes = url("api:tag-smes", scope, tagId=tag.pk)

    response = admin_client.put(smes, {"userIds": [alice.pk], "userGroupIds": [backend.pk]})
    assert response.status_code == HTTPStatus.OK, response.content
    body = response.json()
    assert [u["id"] for u in body["users"]] == [alice.pk]
    assert body["users"][0]["reputation"] == 40
    assert [(g["id"], g["name"]) for g in body["userGroups"]] == [(backend.pk, "Backend")]
    assert [u["id"] for u in body["userGroups"][0]["users"]] == [bob.pk]
    assert set(body["userGroups"][0]) == {"id", "name", "description", "users"}

    response = admin_client.post(
        url("api:tag-sme-users", scope, tagId=tag.pk), [bob.pk, bob.pk], format="json"
    )
    assert response.status_code == HTTPStatus.OK
    assert [u["id"] for u in response.json()["users"]] == [alice.pk, bob.pk]

    response = admin_client.delete(url("api:tag-sme-user", scope, tagId=tag.pk, userId=alice.pk))
    assert response.status_code == HTTPStatus.NO_CONTENT
    response = admin_client.delete(
        url("api:tag-sme-group", scope, tagId=tag.pk, userGroupId=backend.pk)
    )
    assert response.status_code == HTTPStatus.NO_CONTENT
    body = admin_client.get(smes).json()
    assert ([u["id"] for u in body["users"]], body["userGroups"]) == ([bob.pk], [])

    other = group(team, alice, name="Frontend")
    response = admin_client.post(
        url("api:tag-sme-groups", scope, tagId=tag.pk), [other.pk], format="json"
    )
    assert [g["id"] for g in response.json()["userGroups"]] == [other.pk]

    response = admin_client.put(smes, {}, format="json")  # an empty set clears them
    assert response.json() == {"users": [], "userGroups": []}


def test_removing_a_non_sme_is_404(admin_client, team, tag):
    bob = MembershipFactory(team=team).user
    backend = group(team, bob)
    for response in (
        admin_client.delete(url("api:tag-sme-user", team, tagId=tag.pk, userId=bob.pk)),
        admin_client.delete(url("api:tag-sme-group", team, tagId=tag.pk, userGroupId=backend.pk)),
    ):
        assert response.status_code == HTTPStatus.NOT_FOUND


def test_ids_outside_the_team_are_400_naming_them(admin_client, team, tag):
    mine = MembershipFactory(team=team).user
    stranger = MembershipFactory().user
    foreign_group = group(TeamFactory(), stranger)
    response = admin_client.put(
        url("api:tag-smes", team, tagId=tag.pk),
        {"userIds": [mine.pk, stranger.pk, 999999], "userGroupIds": []},
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    errors = response.json()["errors"]
    assert errors["userIds"] == [
        services.SME_UNKNOWN_USERS_MESSAGE.format(ids=f"{stranger.pk}, 999999")
    ]
    assert not tag.sme_users.exists()  # nothing changed

    response = admin_client.post(
        url("api:tag-sme-groups", team, tagId=tag.pk), [foreign_group.pk], format="json"
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"]["userGroupIds"] == [
        services.SME_UNKNOWN_GROUPS_MESSAGE.format(ids=str(foreign_group.pk))
    ]


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("api:tag-smes", {"userIds": "1"}, "userIds"),
        ("api:tag-smes", {"userIds": [0]}, "userIds"),
        ("api:tag-smes", {"userIds": [], "extra": 1}, "extra"),
        ("api:tag-sme-users", {"userIds": [1]}, "userIds"),
        ("api:tag-sme-users", [], "userIds"),
        ("api:tag-sme-users", ["x"], "userIds"),
        ("api:tag-sme-groups", [2**40], "userGroupIds"),
    ],
)
def test_malformed_sme_bodies_are_400(admin_client, team, tag, name, body, field):
    method = admin_client.put if name == "api:tag-smes" else admin_client.post
    response = method(url(name, team, tagId=tag.pk), body, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert field in response.json()["errors"]


def test_other_teams_tag_is_404(admin_client, team):
    foreign = TagFactory(team=TeamFactory(), name="elsewhere")
    for response in (
        admin_client.get(url("api:tag-smes", team, tagId=foreign.pk)),
        admin_client.put(url("api:tag-smes", team, tagId=foreign.pk), {}, format="json"),
        admin_client.get(url("api:tag-watchers", team, tagId=foreign.pk)),
        admin_client.get(url("api:tag-smes", team, tagId=2**64)),
    ):
        assert response.status_code == HTTPStatus.NOT_FOUND


# The permission table: who may change the SMEs of a tag.
WRITES = [
    ("put", "api:tag-smes", {}, {"userIds": []}),
    ("post", "api:tag-sme-users", {}, "self"),
    ("post", "api:tag-sme-groups", {}, "group"),
    ("delete", "api:tag-sme-user", {"userId": "self"}, None),
    ("delete", "api:tag-sme-group", {"userGroupId": "group"}, None),
]


@pytest.mark.parametrize(("method", "name", "extra", "body"), WRITES)
@pytest.mark.parametrize(
    ("role", "can_write", "plan", "expected"),
    [
        (Membership.Role.ADMIN, True, Plan.BUSINESS, {200, 204}),
        (Membership.Role.MEMBER, True, Plan.BUSINESS, {403}),
        (Membership.Role.ADMIN, False, Plan.BUSINESS, {403}),  # read-only token
        (Membership.Role.ADMIN, True, Plan.BASIC, {403}),  # plan that no longer writes
    ],
)
def test_sme_write_permissions(
    pat_client, method, name, extra, body, role, can_write, plan, expected
):
    team = TeamFactory(plan=Plan.BUSINESS)
    user = MembershipFactory(team=team, role=role).user
    client, _ = pat_client(team=team, user=user, can_write=can_write)
    Team.objects.filter(pk=team.pk).update(plan=plan)  # a downgrade keeps the write token
    tag = TagFactory(team=team, name="perm")
    backend = group(team, user)
    tag.sme_users.add(user)
    tag.sme_groups.add(backend)
    ids = {"self": user.pk, "group": backend.pk}
    kwargs = {key: ids[value] for key, value in extra.items()}
    payload = [ids[body]] if isinstance(body, str) else body
    response = getattr(client, method)(
        url(name, team, tagId=tag.pk, **kwargs), payload, format="json"
    )
    assert response.status_code in expected, response.content
    if response.status_code == HTTPStatus.FORBIDDEN and role == Membership.Role.MEMBER:
        assert response.json()["detail"] == services.SME_NOT_ALLOWED_MESSAGE


@pytest.mark.parametrize("role", [Membership.Role.MEMBER, Membership.Role.ADMIN])
def test_every_member_reads_smes_and_watchers(pat_client, team, tag, role):
    user = MembershipFactory(team=team, role=role).user
    client, _ = pat_client(team=team, user=user)  # read-only
    for name in ("api:tag-smes", "api:tag-watchers"):
        assert client.get(url(name, team, tagId=tag.pk)).status_code == HTTPStatus.OK


# --- Counts on tags, isSubjectMatterExpert on answers --------------------------------------


def test_tag_counts_smes_as_distinct_users_and_watchers(member_client, team, tag):
    alice, bob, carol = (MembershipFactory(team=team).user for _ in range(3))
    tag.sme_users.add(alice, bob)
    tag.sme_groups.add(group(team, bob, carol), group(team, name="Empty"))
    for user in (alice, carol):
        services.tag_watch(tag=tag, user=user)
    services.tag_watch(tag=tag, user=alice)  # idempotent
    services.tag_synonym_create(tag=tag, name="Dj")
    TagFactory(team=team, name="plain")

    body = member_client.get(url("api:tag-detail", team, tagId=tag.pk)).json()
    # alice, bob (direct and through the group: once), carol through the group.
    assert (body["subjectMatterExpertCount"], body["watcherCount"]) == (3, 2)
    assert body["hasSynonyms"] is True
    assert [u["id"] for u in body["subjectMatterExperts"]["users"]] == [alice.pk, bob.pk]
    assert len(body["subjectMatterExperts"]["userGroups"]) == 2

    items = {t["name"]: t for t in member_client.get(url("api:tags", team)).json()["items"]}
    assert (items["django"]["subjectMatterExpertCount"], items["django"]["watcherCount"]) == (3, 2)
    assert (items["plain"]["subjectMatterExpertCount"], items["plain"]["watcherCount"]) == (0, 0)
    assert (items["django"]["hasSynonyms"], items["plain"]["hasSynonyms"]) == (True, False)


def test_answers_say_whether_their_owner_is_an_sme(member_client, team):
    expert, grouped, novice = (MembershipFactory(team=team).user for _ in range(3))
    question = QuestionFactory(team=team, tags=["django", "orm"])
    orm = Tag.objects.get(team=team, name="orm")
    orm.sme_users.add(expert)
    orm.sme_groups.add(group(team, grouped))
    TagFactory(team=team, name="unrelated").sme_users.add(novice)
    answers = {
        user.pk: AnswerFactory(question=question, owner=user) for user in (expert, grouped, novice)
    }
    body = member_client.get(url("api:answers", team, questionId=question.pk)).json()
    flags = {a["owner"]["id"]: a["isSubjectMatterExpert"] for a in body["items"]}
    assert flags == {expert.pk: True, grouped.pk: True, novice.pk: False}
    detail = member_client.get(
        url("api:answer-detail", team, questionId=question.pk, answerId=answers[expert.pk].pk)
    ).json()
    assert detail["isSubjectMatterExpert"] is True


# --- Filters --------------------------------------------------------------------------------


@pytest.fixture
def filtered_tags(team):
    member = MembershipFactory(team=team).user
    with_user = TagFactory(team=team, name="with-user")
    with_user.sme_users.add(member)
    with_group = TagFactory(team=team, name="with-group")
    with_group.sme_groups.add(group(team, member))
    empty_group = TagFactory(team=team, name="empty-group")  # a group without members
    empty_group.sme_groups.add(group(team, name="Nobody"))
    synonymous = TagFactory(team=team, name="synonymous")
    services.tag_synonym_create(tag=synonymous, name="alias")
    other = TagFactory(team=TeamFactory(), name="foreign")
    other.sme_users.add(MembershipFactory(team=other.team).user)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"hasSmes": "true"}, ["with-group", "with-user"]),
        ({"hasSmes": "True"}, ["with-group", "with-user"]),
        ({"hasSmes": "false"}, ["empty-group", "synonymous"]),
        ({"hasSmes": "FALSE"}, ["empty-group", "synonymous"]),
        ({"hasSynonyms": "true"}, ["synonymous"]),
        ({"hasSynonyms": "False"}, ["empty-group", "with-group", "with-user"]),
        ({"hasSmes": "true", "hasSynonyms": "true"}, []),
        ({}, ["empty-group", "synonymous", "with-group", "with-user"]),
    ],
)
def test_has_smes_and_has_synonyms(member_client, team, filtered_tags, params, expected):
    body = member_client.get(url("api:tags", team), {**params, "sort": "name"}).json()
    assert [t["name"] for t in body["items"]] == expected
    assert body["totalCount"] == len(expected)


@pytest.mark.parametrize("params", [{"hasSmes": "yes"}, {"hasSynonyms": "1"}, {"hasSmes": ""}])
def test_bad_booleans_are_400(member_client, team, params):
    response = member_client.get(url("api:tags", team), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert set(params) <= set(response.json()["errors"])


# --- Synonyms --------------------------------------------------------------------------------


def test_a_question_with_a_synonym_gets_the_master_tag(team):
    python = TagFactory(team=team, name="python")
    services.tag_synonym_create(tag=python, name=" Python3 ")
    question = QuestionFactory(team=team, tags=["PYTHON3", "python", "web"])
    assert sorted(question.tags.values_list("name", flat=True)) == ["python", "web"]
    assert not Tag.objects.filter(team=team, name="python3").exists()
    python.refresh_from_db()
    assert python.post_count == 1


def test_a_synonym_is_not_a_tag_nor_a_second_synonym(team):
    python = TagFactory(team=team, name="python")
    TagFactory(team=team, name="py")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as taken:
        services.tag_synonym_create(tag=python, name="PY")
    assert taken.value.message_dict["name"] == [services.SYNONYM_IS_A_TAG_MESSAGE]
    services.tag_synonym_create(tag=python, name="python3")
    with pytest.raises(ValidationError) as twice:
        services.tag_synonym_create(tag=python, name="python3")
    assert twice.value.message_dict["name"] == [services.SYNONYM_EXISTS_MESSAGE]
    other_team_tag = TagFactory(team=TeamFactory(), name="python")
    services.tag_synonym_create(tag=other_team_tag, name="python3")  # unique per team only
    assert TagSynonym.objects.filter(name="python3").count() == 2


# --- Watchers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("with_team", [True, False])
def test_tag_watchers_and_watched_tags(member_client, team, tag, with_team):
    scope = team if with_team else None
    alice = MembershipFactory(team=team, reputation=9).user
    bob = MembershipFactory(team=team).user
    sql = TagFactory(team=team, name="sql")
    services.tag_watch(tag=tag, user=alice)
    services.tag_watch(tag=tag, user=bob)
    services.tag_watch(tag=sql, user=alice)
    services.tag_unwatch(tag=tag, user=bob)
    services.tag_unwatch(tag=tag, user=bob)  # idempotent

    body = member_client.get(url("api:tag-watchers", scope, tagId=tag.pk)).json()
    assert set(body) == {"users"}
    assert [(u["id"], u["reputation"]) for u in body["users"]] == [(alice.pk, 9)]

    watched = member_client.get(url("api:user-watched-tags", scope, userId=alice.pk)).json()
    assert [t["name"] for t in watched] == ["django", "sql"]
    assert watched[0]["watcherCount"] == 1
    assert member_client.get(url("api:user-watched-tags", scope, userId=bob.pk)).json() == []


def test_watched_tags_of_a_non_member_is_404(member_client, team):
    stranger = MembershipFactory().user
    for user_id in (stranger.pk, 2**64):
        response = member_client.get(url("api:user-watched-tags", team, userId=user_id))
        assert response.status_code == HTTPStatus.NOT_FOUND


def test_only_members_watch_a_tag(team, tag):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match=services.WATCH_NOT_MEMBER_MESSAGE):
        services.tag_watch(tag=tag, user=UserFactory())


# --- Query budgets ------------------------------------------------------------------------------


def _count(client, path, params=None) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == HTTPStatus.OK, response.content
    return len(ctx.captured_queries), response.json()


@pytest.fixture
def busy(team, member_client):
    """Many tags, each with SMEs (direct and grouped), watchers and a synonym."""
    members = [MembershipFactory(team=team).user for _ in range(12)]
    groups = [group(team, *members[i : i + 4], name=f"G{i}") for i in range(0, 12, 4)]
    tags = []
    for i in range(101):
        tag = TagFactory(team=team, name=f"t{i}")
        tag.sme_users.add(*members[i % 5 : i % 5 + 3])
        tag.sme_groups.add(groups[i % 3])
        services.tag_watch(tag=tag, user=members[i % 12])
        services.tag_watch(tag=tag, user=members[(i + 1) % 12])
        if i % 4 == 0:
            services.tag_synonym_create(tag=tag, name=f"alias{i}")
        tags.append(tag)
    member_client.get(url("api:tags", team))  # the token's first request refreshes last_used
    return tags, members


def test_tag_list_budget_is_constant(member_client, team, busy):
    path = url("api:tags", team)
    for params in ({}, {"hasSmes": "true"}, {"hasSynonyms": "false", "hasSmes": "true"}):
        small, small_body = _count(member_client, path, {**params, "pageSize": 1})
        large, large_body = _count(member_client, path, {**params, "pageSize": 100})
        assert len(small_body["items"]) == 1
        assert len(large_body["items"]) == min(100, large_body["totalCount"])
        assert small == large <= LIST_BUDGET, params


def test_detail_budgets(member_client, team, busy):
    tags, members = busy
    tag = tags[7]
    for name, kwargs, budget in (
        ("api:tag-detail", {"tagId": tag.pk}, DETAIL_BUDGET),
        ("api:tag-smes", {"tagId": tag.pk}, DETAIL_BUDGET),
        ("api:tag-watchers", {"tagId": tag.pk}, DETAIL_BUDGET),
        ("api:user-watched-tags", {"userId": members[0].pk}, DETAIL_BUDGET),
    ):
        queries, body = _count(member_client, url(name, team, **kwargs))
        assert queries <= budget, (name, queries)
    # The number of watchers or SMEs does not change the count.
    few, _ = _count(member_client, url("api:tag-watchers", team, tagId=tag.pk))
    for user in members:
        services.tag_watch(tag=tag, user=user)
    many, body = _count(member_client, url("api:tag-watchers", team, tagId=tag.pk))
    assert len(body["users"]) == 12
    assert few == many
