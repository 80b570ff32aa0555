"""The plan matrix: which plans may use personal access tokens, which tokens may write,
how many tokens a member may hold and how long a token may live.

| plan       | API tokens | read-only | read/write | tokens per member | longest lifetime |
|------------|------------|-----------|------------|-------------------|------------------|
| Free       | no         | no        | no         | none              | none             |
| Basic      | yes        | yes       | no         | no limit          | no limit         |
| Business   | yes        | yes       | yes        | no limit          | no limit         |
| Enterprise | yes        | yes       | yes        | settings          | settings         |

Basic and Business allow what Stack Internal's PAT article does: as many tokens as a member
wants, each for 7 to 90 days or without expiration. Enterprise's two limits are the
settings `ENTERPRISE_MAX_TOKENS_PER_MEMBER` and `ENTERPRISE_MAX_TOKEN_LIFETIME_DAYS` (unset:
no limit). A team's own token policy may be stricter, never looser (the tokens app
combines both).

This is the one place the rule lives; the settings page, the services and the permission
class all ask it. (Stack Internal's own Enterprise plan uses OAuth instead of PATs; here
Enterprise is a superset of Business.)
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models


class Plan(models.TextChoices):
    FREE = "free", "Free"
    BASIC = "basic", "Basic"
    BUSINESS = "business", "Business"
    ENTERPRISE = "enterprise", "Enterprise"


_API_ACCESS = frozenset({Plan.BASIC, Plan.BUSINESS, Plan.ENTERPRISE})
_WRITE_ACCESS = frozenset({Plan.BUSINESS, Plan.ENTERPRISE})

NO_API_ACCESS_MESSAGE = "API access is not available on the Free plan."
NO_WRITE_ACCESS_MESSAGE = "Write access requires the Business or Enterprise plan."


def allows_api_access(plan: str) -> bool:
    """May members of a team on this plan create and use personal access tokens?"""
    return plan in _API_ACCESS


def allows_write_access(plan: str) -> bool:
    """May personal access tokens of a team on this plan write?"""
    return plan in _WRITE_ACCESS


@dataclass(frozen=True)
class TokenLimits:
    """A plan's limits on personal access tokens; None means no limit."""

    max_tokens_per_member: int | None
    max_lifetime_days: int | None


_NO_TOKENS = TokenLimits(max_tokens_per_member=0, max_lifetime_days=0)
_UNLIMITED = TokenLimits(max_tokens_per_member=None, max_lifetime_days=None)


def token_limits(plan: str) -> TokenLimits:
    """The most tokens a member may hold for a team on this plan, and the longest lifetime
    (days) of a token there."""
    if plan == Plan.ENTERPRISE:
        return TokenLimits(
            max_tokens_per_member=getattr(settings, "ENTERPRISE_MAX_TOKENS_PER_MEMBER", None),
            max_lifetime_days=getattr(settings, "ENTERPRISE_MAX_TOKEN_LIFETIME_DAYS", None),
        )
    if plan in _API_ACCESS:
        return _UNLIMITED
    return _NO_TOKENS
