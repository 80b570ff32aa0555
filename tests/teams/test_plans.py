import pytest
from django.db import IntegrityError

from teams.plans import Plan, allows_api_access, allows_write_access
from tests.factories import MembershipFactory

MATRIX = [
    # plan, API tokens, read/write tokens
    (Plan.FREE, False, False),
    (Plan.BASIC, True, False),
    (Plan.BUSINESS, True, True),
    (Plan.ENTERPRISE, True, True),
]


@pytest.mark.parametrize(("plan", "api", "write"), MATRIX)
def test_plan_matrix(plan, api, write):
    assert allows_api_access(plan) is api
    assert allows_write_access(plan) is write


def test_every_plan_is_in_the_matrix():
    assert {row[0] for row in MATRIX} == set(Plan)


@pytest.mark.django_db
def test_membership_is_unique_per_user_and_team():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        MembershipFactory(user=membership.user, team=membership.team)
