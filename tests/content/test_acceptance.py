"""Done when: a client written against the official v3 document works on the Business
demo team with a PAT; a read-only PAT gets a clean 403 on every write."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from teams.models import Team
from tests.factories import QuestionFactory
from tokens.services import token_create

pytestmark = pytest.mark.django_db

API = "/api/v3/teams/business-team"


def client_with(code: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    return client


def make_client(username: str, *, can_write: bool) -> APIClient:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    team = Team.objects.get(slug="business-team")
    _, code = token_create(
        user=user,
        team=team,
        description=f"acceptance {username} {can_write}",
        can_write=can_write,
        expires_in_days=30,
        source="test",
        actor=user,
        ip="127.0.0.1",
    )
    return client_with(code)


def test_a_v3_client_on_the_business_demo_team():
    call_command("seed_demo", stdout=StringIO())
    team = Team.objects.get(slug="business-team")
    for _ in range(120):  # more than one page of 100
        QuestionFactory(team=team, tags=["bulk"])
    bob = make_client("bob", can_write=True)
    alice = make_client("alice", can_write=True)

    # list tags
    tags = bob.get(f"{API}/tags").json()
    assert {"api", "bulk", "postgresql"} <= {t["name"] for t in tags["items"]}

    # page through all questions with pagesize=100, as Stack's scripts do
    seen, page = [], 1
    while True:
        response = bob.get(f"{API}/questions", {"pagesize": 100, "page": page})
        assert response.status_code == HTTPStatus.OK
        data = response.json()
        seen += [q["id"] for q in data["items"]]
        if page == data["totalPages"]:
            break
        page += 1
    assert page == 2
    assert len(seen) == len(set(seen)) == data["totalCount"] == 125

    # read a question with its answers and comments
    demo = next(
        q
        for q in bob.get(
            f"{API}/questions", {"pageSize": 100, "sort": "creation", "order": "asc"}
        ).json()["items"]
        if q["title"].startswith("How do I call the Teamstack API")
    )
    question = bob.get(f"{API}/questions/{demo['id']}").json()
    assert question["bodyMarkdown"].startswith("I created a token")
    answers = bob.get(f"{API}/questions/{demo['id']}/answers").json()
    assert answers["items"][0]["isAccepted"] is True
    answer_id = answers["items"][0]["id"]
    comments = bob.get(f"{API}/questions/{demo['id']}/answers/{answer_id}/comments").json()
    assert isinstance(comments, list) and comments
    assert bob.get(f"{API}/questions/{demo['id']}/comments").json() == []

    # post a question (bob) and an answer (alice)
    created = bob.post(
        f"{API}/questions",
        {
            "title": "How do I rotate the token of our nightly export?",
            "body": "It expires next week. Can I *regenerate* it without downtime?",
            "tags": ["api", "tokens"],
        },
    )
    assert created.status_code == HTTPStatus.CREATED
    qid = created.json()["id"]
    answered = alice.post(
        f"{API}/questions/{qid}/answers", {"body": "Regenerate it: same settings, new code."}
    )
    assert answered.status_code == HTTPStatus.CREATED
    aid = answered.json()["id"]

    # vote and accept
    voted = bob.post(f"{API}/questions/{qid}/answers/{aid}/upvote")
    assert (voted.status_code, voted.json()["score"]) == (HTTPStatus.OK, 1)
    assert alice.post(f"{API}/questions/{qid}/upvote").json()["score"] == 1
    accepted = bob.post(f"{API}/questions/{qid}/answers/{aid}/accept")
    assert (accepted.status_code, accepted.json()["isAccepted"]) == (HTTPStatus.OK, True)
    assert bob.get(f"{API}/questions/{qid}").json()["isAnswered"] is True

    # search
    found = bob.get(f"{API}/search", {"query": "nightly export"}).json()
    assert [r["questionId"] for r in found["items"]] == [qid]

    # the same client without /teams/{team}: the token's own team
    assert bob.get("/api/v3/questions", {"pagesize": 1}).json()["totalCount"] == 126


def test_a_read_only_pat_gets_a_clean_403_on_every_write():
    call_command("seed_demo", stdout=StringIO())
    reader = make_client("bob", can_write=False)
    question = reader.get(f"{API}/questions", {"sort": "creation", "order": "asc"}).json()["items"][
        0
    ]
    qid = question["id"]
    aid = reader.get(f"{API}/questions/{qid}/answers").json()["items"][0]["id"]
    writes = [
        ("post", f"{API}/questions"),
        ("put", f"{API}/questions/{qid}"),
        ("delete", f"{API}/questions/{qid}"),
        ("post", f"{API}/questions/{qid}/upvote"),
        ("delete", f"{API}/questions/{qid}/downvote"),
        ("post", f"{API}/questions/{qid}/comments"),
        ("post", f"{API}/questions/{qid}/answers"),
        ("put", f"{API}/questions/{qid}/answers/{aid}"),
        ("delete", f"{API}/questions/{qid}/answers/{aid}"),
        ("post", f"{API}/questions/{qid}/answers/{aid}/downvote"),
        ("post", f"{API}/questions/{qid}/answers/{aid}/accept"),
        ("delete", f"{API}/questions/{qid}/answers/{aid}/accept"),
        ("post", f"{API}/questions/{qid}/answers/{aid}/comments"),
    ]
    for method, url in writes:
        response = getattr(reader, method)(url, {"title": "t", "body": "b", "tags": ["x"]})
        assert response.status_code == HTTPStatus.FORBIDDEN, (method, url)
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 403
        assert 'scope="write_access"' in response["WWW-Authenticate"]
    assert reader.get(f"{API}/questions/{qid}").status_code == HTTPStatus.OK
