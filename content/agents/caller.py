"""Who calls a tool: what the gate established for this one HTTP request."""

from dataclasses import dataclass

from django.http import HttpRequest

from teams.models import Team
from tokens.credentials import Credential
from tokens.permissions import may_write


@dataclass(frozen=True)
class Caller:
    """The token's user in the token's team, as `TeamAccessPermission` let them in: read on
    this very request (membership, expiry, revocation, plan), never cached.

    `request` is the Django request: its host makes the absolute `webUrl`s, and the MCP
    view reads back what a tool leaves on it (`mcp_tool`, a database outage).
    """

    request: HttpRequest
    team: Team
    user: object
    token: Credential  # a personal access token or an OAuth access token

    @property
    def may_write(self) -> bool:
        return may_write(token=self.token, team=self.team)

    def url(self, page, *args, **kwargs) -> str:
        """The absolute URL of a page of the team: `page` is one of `content.urls_paths`."""
        return self.request.build_absolute_uri(page(self.team.slug, *args, **kwargs))
