"""Demo teams and people for `manage.py seed_demo`.

Idempotent: rows are looked up by their natural key and created only when missing, so a
second run changes nothing, and rows that are not demo rows are never touched.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from .models import Membership, Team
from .plans import Plan


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    display_name: str
    is_staff: bool = False


DEMO_USERS = (
    DemoUser("admin", "demo-admin-pass", "Site Admin", is_staff=True),
    DemoUser("alice", "demo-alice-pass", "Alice Andersen"),
    DemoUser("bob", "demo-bob-pass", "Bob Brown"),
    DemoUser("carol", "demo-carol-pass", "Carol Chen"),
)

DEMO_TEAMS = (
    ("free-team", "Free Team", Plan.FREE),
    ("basic-team", "Basic Team", Plan.BASIC),
    ("business-team", "Business Team", Plan.BUSINESS),
    ("enterprise-team", "Enterprise Team", Plan.ENTERPRISE),
)

# (username, team slug, role)
DEMO_MEMBERSHIPS = (
    ("alice", "free-team", Membership.Role.MEMBER),
    ("alice", "basic-team", Membership.Role.MEMBER),
    ("alice", "business-team", Membership.Role.ADMIN),
    ("alice", "enterprise-team", Membership.Role.MEMBER),
    ("bob", "basic-team", Membership.Role.MEMBER),
    ("bob", "business-team", Membership.Role.MEMBER),
    # carol administers the Enterprise team: she registers its API applications (issue 14).
    ("carol", "enterprise-team", Membership.Role.ADMIN),
)


def seed(*, log) -> None:
    """Create the demo users, teams and memberships that are missing."""
    User = get_user_model()
    users = {}
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = User(
                username=demo.username,
                email=f"{demo.username}@example.com",
                display_name=demo.display_name,
                is_staff=demo.is_staff,
                is_superuser=demo.is_staff,
            )
            user.set_password(demo.password)
            user.save()
            log(f"created user {demo.username}")
        users[demo.username] = user

    teams = {}
    for slug, name, plan in DEMO_TEAMS:
        team, created = Team.objects.get_or_create(slug=slug, defaults={"name": name, "plan": plan})
        if created:
            log(f"created team {slug} ({plan.label})")
        teams[slug] = team

    for username, slug, role in DEMO_MEMBERSHIPS:
        _, created = Membership.objects.get_or_create(
            user=users[username], team=teams[slug], defaults={"role": role}
        )
        if created:
            log(f"added {username} to {slug} as {role}")


def credentials() -> list[tuple[str, str]]:
    return [(u.username, u.password) for u in DEMO_USERS]


def demo_members(team: Team) -> list:
    """The team's members in the order of `DEMO_USERS` (others after them, by id): the
    content seeders pick authors and voters by their index in this list."""
    order = {demo.username: i for i, demo in enumerate(DEMO_USERS)}
    return sorted(
        (m.user for m in Membership.objects.filter(team=team).select_related("user")),
        key=lambda user: (order.get(user.username, len(order)), user.pk),
    )
