"""Plan limits as data (issue 13 item 7): the plan matrix's most tokens per member and
longest lifetime, enforced together with a team's token policy (the stricter wins)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from teams.models import Membership
from teams.plans import Plan, TokenLimits, token_limits
from tests.factories import MembershipFactory, TeamFactory, UserFactory, make_token
from tokens.models import PersonalAccessToken
from tokens.policies import (
    PLAN_SOURCE,
    POLICY_LIFETIME_MESSAGE,
    POLICY_MAX_TOKENS_MESSAGE,
    TEAM_POLICY,
    rules_for,
)
from tokens.services import team_policy_set, token_create, token_shorten_to_policy


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (Plan.FREE, TokenLimits(max_tokens_per_member=0, max_lifetime_days=0)),
        (Plan.BASIC, TokenLimits(max_tokens_per_member=None, max_lifetime_days=None)),
        (Plan.BUSINESS, TokenLimits(max_tokens_per_member=None, max_lifetime_days=None)),
        (Plan.ENTERPRISE, TokenLimits(max_tokens_per_member=None, max_lifetime_days=None)),
    ],
)
def test_the_matrix(plan, expected):
    assert token_limits(plan) == expected


def test_enterprise_limits_come_from_settings(settings):
    settings.ENTERPRISE_MAX_TOKENS_PER_MEMBER = 3
    settings.ENTERPRISE_MAX_TOKEN_LIFETIME_DAYS = 60
    assert token_limits(Plan.ENTERPRISE) == TokenLimits(3, 60)
    assert token_limits(Plan.BUSINESS) == TokenLimits(None, None)  # only Enterprise's


@pytest.fixture
def enterprise(db, settings):
    settings.ENTERPRISE_MAX_TOKENS_PER_MEMBER = 2
    settings.ENTERPRISE_MAX_TOKEN_LIFETIME_DAYS = 60
    team = TeamFactory(plan=Plan.ENTERPRISE)
    admin = UserFactory()
    MembershipFactory(user=admin, team=team, role=Membership.Role.ADMIN)
    return team, admin


def _create(team, user, description, **kwargs):
    return token_create(user=user, team=team, description=description, **kwargs)


def test_the_plan_refuses_naming_itself(enterprise):
    team, admin = enterprise
    plan = PLAN_SOURCE.format(plan="Enterprise")
    with pytest.raises(ValidationError) as caught:
        _create(team, admin, "long", expires_in_days=90)
    message = POLICY_LIFETIME_MESSAGE.format(source=plan, days=60)
    assert caught.value.message_dict == {"expires_in_days": [message]}
    with pytest.raises(ValidationError):
        _create(team, admin, "forever", expires_in_days=None)
    _create(team, admin, "one", expires_in_days=60)
    _create(team, admin, "two", expires_in_days=30)
    with pytest.raises(ValidationError) as caught:
        _create(team, admin, "three", expires_in_days=7)
    message = POLICY_MAX_TOKENS_MESSAGE.format(source=plan, count=2)
    assert caught.value.message_dict == {"team": [message]}


def test_the_stricter_of_plan_and_policy_wins(enterprise):
    team, admin = enterprise
    # A looser policy changes nothing: the plan's limits stay.
    team_policy_set(team=team, actor=admin, max_lifetime_days=365, max_tokens_per_member=10)
    rules = rules_for(team)
    assert (rules.max_lifetime_days, rules.max_lifetime_source) == (60, "The Enterprise plan")
    assert (rules.max_tokens_per_member, rules.max_tokens_source) == (2, "The Enterprise plan")
    # A stricter one wins, and is named.
    team_policy_set(team=team, actor=admin, max_lifetime_days=30, max_tokens_per_member=10)
    rules = rules_for(team)
    assert (rules.max_lifetime_days, rules.max_lifetime_source) == (30, TEAM_POLICY)
    assert rules.max_tokens_per_member == 2
    with pytest.raises(ValidationError) as caught:
        _create(team, admin, "sixty", expires_in_days=60)
    assert caught.value.messages == [POLICY_LIFETIME_MESSAGE.format(source=TEAM_POLICY, days=30)]


@pytest.mark.parametrize("plan", [Plan.BASIC, Plan.BUSINESS])
def test_basic_and_business_allow_what_the_article_allows(db, plan):
    team = TeamFactory(plan=plan)
    user = UserFactory()
    for number, days in enumerate([7, 30, 60, 90, None, None, None]):
        make_token(team=team, user=user, expires_in_days=days, description=f"t{number}")
    assert PersonalAccessToken.objects.filter(user=user).count() == 7


def test_a_lowered_plan_lifetime_reaches_existing_tokens_at_housekeeping(enterprise, settings):
    team, admin = enterprise
    token, _ = make_token(team=team, user=admin, expires_in_days=60)
    settings.ENTERPRISE_MAX_TOKEN_LIFETIME_DAYS = 30
    assert token_shorten_to_policy() == 1
    token.refresh_from_db()
    assert token.expires_at - token.created_at == timedelta(days=30)


def test_free_teams_are_left_alone_by_housekeeping(db):
    """A downgrade to Free stops its tokens at the gate; housekeeping does not destroy them,
    so an upgrade back brings them back as they were."""
    team = TeamFactory()
    token, _ = make_token(team=team, expires_in_days=None)
    team.plan = Plan.FREE
    team.save()
    assert token_shorten_to_policy() == 0
    token.refresh_from_db()
    assert token.expires_at is None
