"""Fill the benchmark database: one team, N users, N tokens in each token table.

Bulk rows are made by PostgreSQL itself (`INSERT … SELECT … FROM generate_series`), so
100,000 users and 4 x 100,000 tokens take seconds. Their secrets are random digests nobody
knows; a sample of real tokens, whose codes the benchmark sends, is made through each
library's own API (`token_create`, `Token`, `AuthToken.objects.create`, `create_key`).
"""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.authtoken.models import Token
from rest_framework_api_key.models import APIKey

from accounts.models import User
from teams.models import Membership, Team
from teams.plans import Plan
from tokens.models import PersonalAccessToken
from tokens.services import token_create

TEAM_SLUG = "bench"


def _sql(statement: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _analyze() -> None:
    for model in (User, Membership, PersonalAccessToken, Token, AuthToken, APIKey):
        _sql(f"ANALYZE {model._meta.db_table}")


@transaction.atomic
def seed(*, tokens: int, sample: int, heavy_user_tokens: int = 100, peers: bool = True) -> dict:
    """Make the data; return the team id and, per variant, the codes to send.

    `peers=False` fills only the personal access tokens (the scale benchmark's case)."""
    team = Team.objects.create(name="Bench", slug=TEAM_SLUG, plan=Plan.BUSINESS)
    now = timezone.now()
    bulk = tokens - sample
    _sql(
        f"""INSERT INTO {User._meta.db_table}
        (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
         date_joined, display_name, job_title, department)
        SELECT '!', false, 'bench' || i, '', '', 'bench' || i || '@example.com', false, true,
               %s, 'Bench ' || i, '', ''
        FROM generate_series(1, %s) AS i""",
        [now, tokens],
    )
    _sql(
        f"""INSERT INTO {Membership._meta.db_table} (user_id, team_id, role, reputation,
        created_at) SELECT id, %s, 'member', 1, %s FROM {User._meta.db_table}""",
        [team.pk, now],
    )
    # The first `sample` users get real tokens below; the rest get bulk rows.
    bulk_users = f"""SELECT id FROM {User._meta.db_table} ORDER BY id OFFSET {sample}"""
    _sql(
        f"""INSERT INTO {PersonalAccessToken._meta.db_table}
        (user_id, team_id, description, can_write, created_at, expires_at, last_used_at,
         source, digest)
        SELECT id, %s, 'bulk', false, %s, %s, %s, 'cli',
               encode(sha256(('pat' || id)::text::bytea), 'hex')
        FROM ({bulk_users}) AS u""",
        [team.pk, now, now + timedelta(days=30), now],
    )
    if peers:
        _seed_peers(bulk_users=bulk_users, bulk=bulk, now=now)
    codes = _sample(team=team, sample=sample, peers=peers)
    if peers:
        codes.update(_heavy_user(team=team, tokens=heavy_user_tokens))
        codes.update(_overlap(team=team, sample=sample))
        codes.update(_every_feature(sample=sample))
    transaction.on_commit(_analyze)
    return {"team_id": team.pk, "codes": codes}


def _seed_peers(*, bulk_users: str, bulk: int, now) -> None:
    _sql(
        f"""INSERT INTO {Token._meta.db_table} (key, user_id, created)
        SELECT substr(encode(sha256(('drf' || id)::text::bytea), 'hex'), 1, 40), id, %s
        FROM ({bulk_users}) AS u""",
        [now],
    )
    _sql(
        f"""INSERT INTO {AuthToken._meta.db_table} (digest, token_key, user_id, created, expiry)
        SELECT encode(sha512(('knox' || id)::text::bytea), 'hex'),
               substr(encode(sha256(('knoxkey' || id)::text::bytea), 'hex'), 1, 15), id, %s, %s
        FROM ({bulk_users}) AS u""",
        [now, now + timedelta(days=30)],
    )
    _sql(
        f"""INSERT INTO {APIKey._meta.db_table}
        (id, prefix, hashed_key, created, name, revoked, expiry_date)
        SELECT p || '.' || h, p, h, %s, 'bulk', false, NULL FROM (
            SELECT 'k' || lpad(i::text, 7, '0') AS p,
                   'sha512$$' || encode(sha512(('ak' || i)::text::bytea), 'hex') AS h
            FROM generate_series(1, %s) AS i) AS k""",
        [now, bulk],
    )


def _sample(*, team, sample: int, peers: bool) -> dict[str, list[str]]:
    codes: dict[str, list[str]] = {"pat": []}
    if peers:
        codes.update({"drf-token": [], "knox": [], "api-key": []})
    for user in User.objects.order_by("id")[:sample]:
        _, code = token_create(
            user=user, team=team, description="sample", expires_in_days=30, source="cli"
        )
        codes["pat"].append(code)
        if peers:
            codes["drf-token"].append(Token.objects.create(user=user).key)
            codes["knox"].append(AuthToken.objects.create(user=user, expiry=timedelta(days=30))[1])
            codes["api-key"].append(APIKey.objects.create_key(name="sample")[1])
    return codes


def _heavy_user(*, team, tokens: int) -> dict[str, list[str]]:
    """One user with many tokens: authentication must not slow down with tokens per user."""
    heavy = User.objects.create(username="bench-heavy", email="heavy@example.com")
    Membership.objects.create(user=heavy, team=team)
    return {
        "pat-heavy-user": [
            token_create(user=heavy, team=team, description=f"heavy {n}", source="cli")[1]
            for n in range(tokens)
        ],
        "knox-heavy-user": [
            AuthToken.objects.create(user=heavy, expiry=timedelta(days=30))[1]
            for _ in range(tokens)
        ],
    }


def _overlap(*, team, sample: int) -> dict[str, list[str]]:
    """Tokens rotated with a 7-day overlap, sending their replaced codes: authentication
    finds them by `previous_digest` in the same one statement (issue 13)."""
    from tokens.services import token_regenerate

    replaced = []
    for user in User.objects.order_by("id")[:sample]:
        token, code = token_create(
            user=user, team=team, description="overlap sample", expires_in_days=30, source="cli"
        )
        token_regenerate(token=token, overlap="7d")
        replaced.append(code)
    return {"pat-overlap": replaced}


def _every_feature(*, sample: int) -> dict[str, list[str]]:
    """The sample users' tokens for a second team with every governance feature on (issue
    13): a team policy with every rule and an IP allowlist, each token's own allowlist, and
    a rotation with a 7-day overlap, sending the replaced codes. The benchmark's client is
    127.0.0.1, inside both allowlists; the rate limit counts them as any token's."""
    from tokens.services import team_policy_set, token_regenerate

    governed = Team.objects.create(
        name="Bench governed", slug=f"{TEAM_SLUG}-governed", plan=Plan.BUSINESS
    )
    users = list(User.objects.order_by("id")[:sample])
    Membership.objects.bulk_create(
        Membership(user=user, team=governed, role="admin" if n == 0 else "member")
        for n, user in enumerate(users)
    )
    team_policy_set(
        team=governed,
        actor=users[0],
        max_lifetime_days=90,
        require_expiry=True,
        allow_write=True,
        max_tokens_per_member=10,
        inactivity_days=90,
        allowed_networks=["10.0.0.0/8", "2001:db8::/32", "127.0.0.0/8"],
    )
    replaced = []
    for user in users:
        token, code = token_create(
            user=user,
            team=governed,
            description="every feature",
            expires_in_days=30,
            source="cli",
            allowed_networks=["192.0.2.0/24", "127.0.0.1"],
        )
        token_regenerate(token=token, overlap="7d")
        replaced.append(code)
    return {"pat-every-feature": replaced}
