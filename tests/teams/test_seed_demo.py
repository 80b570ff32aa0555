from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from teams.models import Membership, Team
from tests.factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db


def snapshot():
    User = get_user_model()
    return (
        sorted(User.objects.values_list("username", "password", "is_staff", "email")),
        sorted(Team.objects.values_list("slug", "name", "plan")),
        sorted(Membership.objects.values_list("user__username", "team__slug", "role")),
    )


def run_seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_teams_users_and_memberships():
    output = run_seed()
    teams = dict(Team.objects.values_list("slug", "plan"))
    assert teams == {
        "free-team": "free",
        "basic-team": "basic",
        "business-team": "business",
        "enterprise-team": "enterprise",
    }
    memberships = set(Membership.objects.values_list("user__username", "team__slug", "role"))
    assert memberships == {
        ("alice", "free-team", "member"),
        ("alice", "basic-team", "member"),
        ("alice", "business-team", "admin"),
        ("alice", "enterprise-team", "member"),
        ("bob", "basic-team", "member"),
        ("bob", "business-team", "member"),
        ("carol", "enterprise-team", "admin"),
    }
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    for username in ("admin", "alice", "bob", "carol"):
        user = get_user_model().objects.get(username=username)
        password = next(
            line.split()[1] for line in output.splitlines() if line.split()[:1] == [username]
        )
        assert user.check_password(password), f"printed password for {username} is wrong"


def test_seed_demo_is_idempotent():
    run_seed()
    first = snapshot()
    run_seed()
    assert snapshot() == first


def test_seed_demo_leaves_other_data_alone():
    other = MembershipFactory(team=TeamFactory(slug="other", name="Other", plan="basic"))
    run_seed()
    other.refresh_from_db()
    assert other.team.plan == "basic"
    assert Team.objects.filter(slug="other").count() == 1
    assert not Membership.objects.filter(user=other.user).exclude(pk=other.pk).exists()


def test_seed_demo_keeps_a_changed_plan():
    run_seed()
    Team.objects.filter(slug="basic-team").update(plan="business")
    run_seed()
    assert Team.objects.get(slug="basic-team").plan == "business"
