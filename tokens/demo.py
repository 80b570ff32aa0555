"""Demo tokens for `manage.py seed_demo`: something for the governance features to show.

bob gets "nightly export", a read-only token of business-team made 25 days ago for 30 days:
it expires within the week, so the settings page shows the expiry banner and
`manage.py pat_housekeeping` sends its 7-day reminder (to the console). It was last used
from two documentation addresses. Its code is not printed (only its digest is stored, as
for every token): to use it, bob regenerates it on the settings page (and can then try a
rotation with an overlap). Idempotent: made once, never touched again.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from teams.models import Team

from .models import PersonalAccessToken
from .services import token_create

DEMO_TOKEN_DESCRIPTION = "nightly export"


def seed(*, log) -> None:
    bob = get_user_model().objects.filter(username="bob").first()
    team = Team.objects.filter(slug="business-team").first()
    if bob is None or team is None:
        return
    if PersonalAccessToken.objects.filter(
        user=bob, description__iexact=DEMO_TOKEN_DESCRIPTION
    ).exists():
        return
    token, _ = token_create(
        user=bob, team=team, description=DEMO_TOKEN_DESCRIPTION, expires_in_days=30
    )
    now = timezone.now()
    made = now - timedelta(days=25)
    used = now - timedelta(hours=3)
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        created_at=made,
        expires_at=made + timedelta(days=30),
        last_used_at=used,
        recent_addresses=[
            {"address": "192.0.2.10", "seen": used.isoformat()},
            {"address": "2001:db8::7", "seen": (used - timedelta(days=2)).isoformat()},
        ],
    )
    log(f"created bob's token {DEMO_TOKEN_DESCRIPTION!r} (business-team, expires in 5 days)")
