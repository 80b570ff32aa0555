"""What a request authenticated with: one kind of principal for the permission class.

A personal access token, an OAuth access token of an API application and (read-only) an
application key all answer the same questions, so `TeamAccessPermission` gates them alike:

- `team`: the one team the credential is for (already loaded, no query);
- `can_write`: whether it carries write access (a PAT's flag, an OAuth token's
  `write_access` scope; never for an application key);
- `requires_api_applications`: whether it works only on a plan with API applications
  (Enterprise: `teams.plans.allows_api_applications`), checked on every request; absent
  (False) on a PAT.

`PersonalAccessToken` is a registered virtual subclass (it is a model and stays one); the
OAuth access token is read into `OAuthAccessCredential` by its one authentication statement
(`tokens/oauth/selectors.py`).
"""

import abc
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from teams.models import Team

from .models import PersonalAccessToken


class Credential(abc.ABC):  # noqa: B024 (a marker: its members are the attributes above)
    """The principal `request.auth` holds after token authentication."""

    requires_api_applications = False


Credential.register(PersonalAccessToken)


@dataclass(eq=False)
class OAuthAccessCredential(Credential):
    """An OAuth 2.0 access token of an API application, as authentication read it.

    `id` is the toolkit's access-token row, `digest` the SHA-256 of the code the request
    carried (the row stores only that), `is_member` whether the user still belongs to the
    application's team.
    """

    id: int
    user: object
    team: Team
    application_id: int
    application_name: str
    scopes: frozenset[str]
    expires_at: datetime
    digest: str = field(repr=False)
    is_member: bool = False
    requires_api_applications = True

    @property
    def can_write(self) -> bool:
        return "write_access" in self.scopes

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())


@dataclass(eq=False)
class ApplicationKeyCredential(Credential):
    """An API application's key, used alone: read-only, in the application's team, as the
    application's own key user (a member of no team: it sees what an anonymous member
    would). It never writes; its rate-limit bucket is its own (by its digest)."""

    id: int
    user: object
    team: Team
    application_id: int
    application_name: str
    digest: str = field(repr=False)
    requires_api_applications = True
    can_write = False
