"""The rules a team's tokens live by: its plan's limits and its own policy, combined.

`rules_for(team)` is the one answer the services (create, regenerate, housekeeping), the
settings pages and the admin ask: for each rule the stricter of the plan's limit
(`teams.plans.token_limits`: most tokens per member, longest lifetime) and the team's
`TeamPolicy`, and which of the two set it, so that an error names the rule and where it
comes from. At request time authentication checks the IP allowlists (`address_refusal`) and
the permission checks write access (`policy_allows_write`) on the policy row read in
authentication's one statement: no query of their own.
"""

import ipaddress
from dataclasses import dataclass
from functools import lru_cache

from teams.models import Team
from teams.plans import token_limits

from .models import TeamPolicy

MAX_NETWORKS = 50

BAD_NETWORK_MESSAGE = '"{value}" is not an IP network: write it as 203.0.113.0/24 or 2001:db8::/32.'
TOO_MANY_NETWORKS_MESSAGE = f"At most {MAX_NETWORKS} networks."
ADDRESS_NOT_ALLOWED_MESSAGE = (
    "This access token may not be used from this address ({address}): it is outside the "
    "{which} IP allowlist."
)
POLICY_LIFETIME_MESSAGE = "{source} allows tokens of at most {days} days."
POLICY_REQUIRES_EXPIRY_MESSAGE = "{source} requires an expiration: tokens cannot live forever."
POLICY_NO_WRITE_MESSAGE = "{source} does not allow write tokens."
POLICY_MAX_TOKENS_MESSAGE = "{source} allows at most {count} tokens per member."

TEAM_POLICY = "The team's token policy"
PLAN_SOURCE = "The {plan} plan"


def parse_networks(values) -> list[str]:
    """CIDR strings (a list, or text with one per line or comma-separated) as a list of
    canonical network strings; a bare address is its own /32 or /128. Raises ValueError
    with a message naming the bad entry."""
    if isinstance(values, str):
        values = values.replace(",", "\n").splitlines()
    networks: list[str] = []
    for raw in values or ():
        value = str(raw).strip()
        if not value:
            continue
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ValueError(BAD_NETWORK_MESSAGE.format(value=value[:60])) from None
        if str(network) not in networks:
            networks.append(str(network))
    if len(networks) > MAX_NETWORKS:
        raise ValueError(TOO_MANY_NETWORKS_MESSAGE)
    return networks


@lru_cache(maxsize=1024)
def _networks(networks: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(network) for network in networks)


def in_networks(address: str | None, networks) -> bool:
    """Whether `address` (a canonical IP string, see `tokens.addresses`) is in one of
    `networks` (CIDR strings). An unknown address is in none."""
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in _networks(tuple(networks)))


def address_refusal(token, address: str | None) -> str | None:
    """None if `address` may use `token`, else the message saying which allowlist refused
    it: the team's (from `token.team_policy`, loaded by authentication) or the token's own.
    An empty allowlist allows every address."""
    policy = getattr(token, "team_policy", None)
    team_networks = policy.allowed_networks if policy is not None else ()
    if team_networks and not in_networks(address, team_networks):
        return ADDRESS_NOT_ALLOWED_MESSAGE.format(address=address or "unknown", which="team's")
    if token.allowed_networks and not in_networks(address, token.allowed_networks):
        return ADDRESS_NOT_ALLOWED_MESSAGE.format(address=address or "unknown", which="token's")
    return None


def policy_allows_write(token) -> bool:
    """Whether the team's policy (as loaded with the token) allows its write tokens."""
    policy = getattr(token, "team_policy", None)
    return policy is None or policy.allow_write


@dataclass(frozen=True)
class Rules:
    """The rules in force for a team's tokens, each with the source that set it (for the
    messages): `None` for a limit means no limit."""

    max_lifetime_days: int | None = None
    max_lifetime_source: str = ""
    require_expiry: bool = False
    require_expiry_source: str = ""
    allow_write: bool = True
    allow_write_source: str = ""
    max_tokens_per_member: int | None = None
    max_tokens_source: str = ""
    inactivity_days: int | None = None
    allowed_networks: tuple[str, ...] = ()

    def describe(self) -> list[str]:
        """The rules in words, for the settings pages and the admin."""
        lines = []
        if self.max_lifetime_days is not None:
            lines.append(f"Tokens live at most {self.max_lifetime_days} days.")
        elif self.require_expiry:
            lines.append("Every token must have an expiration.")
        if not self.allow_write:
            lines.append("No write tokens.")
        if self.max_tokens_per_member is not None:
            lines.append(f"At most {self.max_tokens_per_member} tokens per member.")
        if self.inactivity_days is not None:
            lines.append(f"Tokens unused for {self.inactivity_days} days are revoked.")
        if self.allowed_networks:
            lines.append(f"Only from {', '.join(self.allowed_networks)}.")
        return lines


def _stricter(current: int | None, candidate: int | None) -> bool:
    return candidate is not None and (current is None or candidate < current)


def team_policy_of(team: Team) -> TeamPolicy | None:
    """The team's policy row, None if it has none (one query unless already loaded)."""
    try:
        return team.token_policy
    except TeamPolicy.DoesNotExist:
        return None


def rules_for(team: Team, *, policy: TeamPolicy | None = None) -> Rules:
    """The rules for `team`'s tokens: its plan's limits and its policy, the stricter wins."""
    if policy is None:
        policy = team_policy_of(team)
    values: dict = {}
    for source, limits in _sources(team, policy):
        if _stricter(values.get("max_lifetime_days"), limits.get("max_lifetime_days")):
            values["max_lifetime_days"] = limits["max_lifetime_days"]
            values["max_lifetime_source"] = source
        if limits.get("require_expiry") and not values.get("require_expiry"):
            values["require_expiry"] = True
            values["require_expiry_source"] = source
        if limits.get("allow_write") is False and values.get("allow_write", True):
            values["allow_write"] = False
            values["allow_write_source"] = source
        if _stricter(values.get("max_tokens_per_member"), limits.get("max_tokens_per_member")):
            values["max_tokens_per_member"] = limits["max_tokens_per_member"]
            values["max_tokens_source"] = source
    if policy is not None:
        values["inactivity_days"] = policy.inactivity_days
        values["allowed_networks"] = tuple(policy.allowed_networks or ())
    return Rules(**values)


def _sources(team: Team, policy: TeamPolicy | None):
    """(source name, limits) pairs: the plan's first, then the team's policy."""
    plan = token_limits(team.plan)
    yield (
        PLAN_SOURCE.format(plan=team.get_plan_display()),
        {
            "max_lifetime_days": plan.max_lifetime_days,
            "max_tokens_per_member": plan.max_tokens_per_member,
        },
    )
    if policy is not None:
        yield (
            TEAM_POLICY,
            {
                "max_lifetime_days": policy.max_lifetime_days,
                "require_expiry": policy.require_expiry,
                "allow_write": policy.allow_write,
                "max_tokens_per_member": policy.max_tokens_per_member,
            },
        )
