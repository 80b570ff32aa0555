"""The plan matrix: which plans may use personal access tokens, and which tokens may write.

| plan       | API tokens | read-only tokens | read/write tokens |
|------------|------------|------------------|-------------------|
| Free       | no         | no               | no                |
| Basic      | yes        | yes              | no                |
| Business   | yes        | yes              | yes               |
| Enterprise | yes        | yes              | yes               |

This is the one place the rule lives; the settings page, the services and the permission
class all ask it. (Stack Internal's own Enterprise plan uses OAuth instead of PATs; here
Enterprise is a superset of Business: PATs, and API applications with OAuth 2.0 access tokens
and read-only application keys, which only Enterprise teams have.)
"""

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
NO_API_APPLICATIONS_MESSAGE = "API applications require the Enterprise plan."
_API_APPLICATIONS = frozenset({Plan.ENTERPRISE})


def allows_api_access(plan: str) -> bool:
    """May members of a team on this plan create and use personal access tokens?"""
    return plan in _API_ACCESS


def allows_write_access(plan: str) -> bool:
    """May personal access tokens of a team on this plan write?"""
    return plan in _WRITE_ACCESS


def allows_api_applications(plan: str) -> bool:
    """May a team on this plan register API applications, and may their OAuth access tokens
    and application keys be used?"""
    return plan in _API_APPLICATIONS
