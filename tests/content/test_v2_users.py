"""API v2.3 users: `/users`, `/users/{ids}`, `/me`; fields per filter, the email rule,
epoch dates, vectors, paging, sorts, the permission table and query budgets."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from content.api_v2 import filters as v2filters
from content.api_v2.users import UserShape
from teams.models import Membership
from teams.plans import Plan
from tests.content.test_v2_foundation import error, v2_client
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
    make_token,
)
from tokens.models import PersonalAccessToken

pytestmark = pytest.mark.django_db


def created_filter(client, include: str) -> str:
    body = client.get("/api/2.3/filters/create", {"include": include}).json()
    return body["items"][0]["filter"]


@pytest.fixture
def me(team):
    return MembershipFactory(team=team, reputation=50).user


@pytest.fixture
def caller(me, team):
    _, code = make_token(user=me, team=team)
    return v2_client(code)


def test_the_user_shape_renders_only_registered_fields():
    assert set(UserShape.fields) <= set(v2filters.FIELDS["user"])
    assert "about_me" not in UserShape.fields  # Teamstack keeps no "about me"


def test_default_fields_and_epoch_dates(caller, me, team):
    me.last_login = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    me.job_title = "Engineer"
    me.save()
    Membership.objects.filter(user=me).update(created_at=datetime(2023, 5, 1, tzinfo=UTC))
    item = caller.get("/api/2.3/me").json()["items"][0]
    assert item["user_id"] == item["account_id"] == me.pk
    assert item["display_name"] == me.name
    assert item["reputation"] == 50
    assert item["user_type"] == "registered"
    assert item["creation_date"] == int(datetime(2023, 5, 1, tzinfo=UTC).timestamp())
    assert item["last_modified_date"] == item["creation_date"]  # no reputation change yet
    assert item["link"].endswith(f"/users/{me.pk}/")
    assert item["profile_image"].endswith(f"/users/{me.pk}/avatar.svg")
    # The token was used by this very request: the later of that and the last sign-in.
    token_use = PersonalAccessToken.objects.get(user=me).last_used_at
    assert item["last_access_date"] == int(max(token_use, me.last_login).timestamp())
    for absent in ("email", "about_me", "question_count", "answer_count", "job_title"):
        assert absent not in item


def test_counts_job_title_and_department_when_included(caller, me, team):
    me.job_title, me.department = "Engineer", "Platform"
    me.save()
    question = QuestionFactory(team=team, owner=me)
    AnswerFactory(question=question, owner=me)
    AnswerFactory(question=QuestionFactory(team=TeamFactory(), owner=me), owner=me)  # other team
    flt = created_filter(
        caller, "user.question_count;user.answer_count;user.job_title;user.department"
    )
    item = caller.get("/api/2.3/me", {"filter": flt}).json()["items"][0]
    assert (item["question_count"], item["answer_count"]) == (1, 1)
    assert (item["job_title"], item["department"]) == ("Engineer", "Platform")


@pytest.mark.parametrize(("role", "sees_others"), [("member", False), ("admin", True)])
def test_email_only_for_oneself_and_team_admins(team, role, sees_others):
    viewer = MembershipFactory(team=team, role=role).user
    other = MembershipFactory(team=team).user
    _, code = make_token(user=viewer, team=team)
    client = v2_client(code)
    flt = created_filter(client, "user.email")
    items = client.get(f"/api/2.3/users/{viewer.pk};{other.pk}", {"filter": flt}).json()
    by_id = {item["user_id"]: item for item in items["items"]}
    assert by_id[viewer.pk]["email"] == viewer.email
    assert ("email" in by_id[other.pk]) is sees_others
    if sees_others:
        assert by_id[other.pk]["email"] == other.email
    assert client.get("/api/2.3/me", {"filter": flt}).json()["items"][0]["email"] == viewer.email


def test_user_type_of_an_admin(team):
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    _, code = make_token(user=admin, team=team)
    assert v2_client(code).get("/api/2.3/me").json()["items"][0]["user_type"] == "team_admin"


def test_ids_vector_keeps_to_the_team(caller, me, team):
    outsider = MembershipFactory(team=TeamFactory()).user
    body = caller.get(f"/api/2.3/users/{me.pk};{outsider.pk}").json()
    assert [item["user_id"] for item in body["items"]] == [me.pk]
    error(caller.get("/api/2.3/users/1;x"), 400, "bad_parameter")
    many = ";".join(str(i) for i in range(1, 102))
    assert error(caller.get(f"/api/2.3/users/{many}"), 400, "bad_parameter").startswith("ids:")


def test_sorts_min_max_and_inname(caller, me, team):
    alice = MembershipFactory(team=team, reputation=10, user=UserFactory(display_name="Alice")).user
    bob = MembershipFactory(team=team, reputation=200, user=UserFactory(display_name="bob")).user

    def ids(**params):
        return [item["user_id"] for item in caller.get("/api/2.3/users", params).json()["items"]]

    assert ids() == [bob.pk, me.pk, alice.pk]  # reputation, desc by default
    assert ids(order="asc") == [alice.pk, me.pk, bob.pk]
    assert ids(min="20", max="100") == [me.pk]
    names = ids(sort="name", order="asc")
    assert names.index(alice.pk) < names.index(bob.pk)  # case-insensitive
    assert ids(inname="ALI") == [alice.pk]
    assert ids(sort="creation", order="asc")[-1] == bob.pk
    error(caller.get("/api/2.3/users", {"sort": "votes"}), 400, "bad_parameter")
    error(caller.get("/api/2.3/users", {"sort": "creation", "min": "x"}), 400, "bad_parameter")


def test_modified_sort_follows_reputation_changes(caller, me, team):
    other = MembershipFactory(team=team).user
    question = QuestionFactory(team=team, owner=other)
    from content.services import vote_cast

    vote_cast(user=me, value=1, question=question)
    items = caller.get("/api/2.3/users", {"sort": "modified"}).json()["items"]
    assert items[0]["user_id"] == other.pk
    assert items[0]["last_modified_date"] >= items[1]["last_modified_date"]


def test_paging_has_more_and_total(caller, team):
    for _ in range(4):
        MembershipFactory(team=team)
    first = caller.get("/api/2.3/users", {"pagesize": 2, "filter": "total"}).json()
    assert first == {"total": 5}
    flt = created_filter(caller, ".page;.page_size;.total")
    body = caller.get("/api/2.3/users", {"pagesize": 2, "page": 3, "filter": flt}).json()
    assert (body["page"], body["page_size"], body["total"]) == (3, 2, 5)
    assert len(body["items"]) == 1
    assert body["has_more"] is False
    assert caller.get("/api/2.3/users", {"pagesize": 2}).json()["has_more"] is True


def test_a_page_of_100_users_with_counts_costs_a_constant_number_of_queries(caller, team):
    for _ in range(100):
        member = MembershipFactory(team=team).user
        QuestionFactory(team=team, owner=member)
    flt = created_filter(caller, "user.email;user.question_count;user.answer_count")
    counts = []
    for size in (1, 100):
        with CaptureQueriesContext(connection) as queries:
            # Ascending: the first user is someone else (the caller has the most reputation),
            # so both pages ask whether the caller is an admin.
            response = caller.get(
                "/api/2.3/users", {"pagesize": size, "filter": flt, "order": "asc"}
            )
        assert len(response.json()["items"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts


def test_me_costs_at_most_five_queries(caller):
    flt = created_filter(caller, "user.email;user.question_count;user.answer_count")
    with CaptureQueriesContext(connection) as queries:
        caller.get("/api/2.3/me", {"filter": flt})
    assert len(queries) <= 5, [q["sql"] for q in queries]


# --- The permission table -------------------------------------------------------------

METHODS = ["/api/2.3/users", "/api/2.3/users/{me}", "/api/2.3/me"]


@pytest.mark.parametrize("path", METHODS)
@pytest.mark.parametrize(
    ("case", "status", "name"),
    [
        ("own", 200, None),
        ("own_with_team", 200, None),
        ("anonymous", 401, "access_token_required"),
        ("other_team", 403, "access_denied"),
        ("free", 403, "access_denied"),
    ],
)
def test_permission_table(team, path, case, status, name):
    user = MembershipFactory(team=team).user
    other = TeamFactory()
    MembershipFactory(team=other, user=user)
    _, code = make_token(user=user, team=team)
    client = v2_client(code)
    params = {}
    if case == "own_with_team":
        params["team"] = team.slug
    elif case == "anonymous":
        client = APIClient()
    elif case == "other_team":
        params["team"] = other.slug
    elif case == "free":
        team.plan = Plan.FREE
        team.save()
    response = client.get(path.format(me=user.pk), params)
    if name is None:
        assert response.status_code == status
        assert response.json()["items"][0]["user_id"] in (user.pk,) or path.endswith("users")
    else:
        error(response, status, name)


def test_both_forms_answer_the_same(caller, team):
    assert (
        caller.get("/api/2.3/users").json()["items"]
        == (caller.get("/api/2.3/users", {"team": team.slug}).json()["items"])
    )
