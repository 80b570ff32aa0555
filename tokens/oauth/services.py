"""Every write to API applications: create, update, delete, new client secret, new key, and
a user's revocation of an application's access.

Keyword-only and transactional like `tokens/services.py`: each checks that the actor is an
admin of the application's team and that the team's plan has API applications, writes its
audit event (`ApiApplicationEvent`) in the same transaction, and raises `ValidationError`
keyed by field. A client secret or key is returned in plaintext by the service that makes
it and kept nowhere: the toolkit stores the secret hashed, the key is stored as its SHA-256.
"""

import unicodedata
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_refresh_token_model,
)

from teams.models import Membership, Team
from teams.plans import NO_API_APPLICATIONS_MESSAGE
from tokens import codes

from .codes import ClientSecretGenerator, application_key
from .models import ApiApplication, ApiApplicationEvent

NAME_REQUIRED_MESSAGE = "Enter a name."
NAME_MAX_LENGTH = 100
NAME_TOO_LONG_MESSAGE = f"The name can be at most {NAME_MAX_LENGTH} characters."
CONTROL_CHARACTERS_MESSAGE = "The name cannot contain control characters such as line breaks."
REDIRECT_URIS_REQUIRED_MESSAGE = "Enter at least one redirect URI."
BAD_REDIRECT_URI_MESSAGE = (
    "Enter each redirect URI as an absolute https:// URL (or http:// on 127.0.0.1, [::1] "
    "or localhost), without a fragment: {uri}"
)
NOT_A_TEAM_ADMIN_MESSAGE = "Only the team's admins manage its API applications."
CLIENT_TYPES = ("confidential", "public")
BAD_CLIENT_TYPE_MESSAGE = "Choose a confidential or a public client."
LOOPBACK_HOSTS = ("127.0.0.1", "[::1]", "localhost")


def team_admin_check(*, actor, team: Team) -> None:
    """Refuse (PermissionDenied) anyone but an admin of `team`, and a team whose plan has
    no API applications (ValidationError on `team`)."""
    if not Membership.objects.filter(user=actor, team=team, role=Membership.Role.ADMIN).exists():
        raise PermissionDenied(NOT_A_TEAM_ADMIN_MESSAGE)
    if not team.allows_api_applications:
        raise ValidationError({"team": NO_API_APPLICATIONS_MESSAGE})


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": NAME_REQUIRED_MESSAGE})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": NAME_TOO_LONG_MESSAGE})
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise ValidationError({"name": CONTROL_CHARACTERS_MESSAGE})
    return name


def _clean_redirect_uris(redirect_uris) -> str:
    """The redirect URIs, space-separated as the toolkit keeps them. Matched exactly at
    authorization time; https only, except plain http on loopback (RFC 8252 §7.3)."""
    uris = redirect_uris.split() if isinstance(redirect_uris, str) else list(redirect_uris)
    if not uris:
        raise ValidationError({"redirect_uris": REDIRECT_URIS_REQUIRED_MESSAGE})
    for uri in uris:
        try:
            parts = urlsplit(uri)
            host = parts.hostname
        except ValueError:
            parts, host = None, None
        loopback = parts is not None and parts.netloc.rsplit(":", 1)[0].lower() in LOOPBACK_HOSTS
        ok = (
            parts is not None
            and host
            and not parts.fragment
            and (parts.scheme == "https" or (parts.scheme == "http" and loopback))
        )
        if not ok:
            raise ValidationError({"redirect_uris": BAD_REDIRECT_URI_MESSAGE.format(uri=uri[:200])})
    return " ".join(dict.fromkeys(uris))


def _key_user(api_application: ApiApplication):
    """The user key-only requests of this application act as (made on first use): no
    password, no membership, no e-mail address."""
    if api_application.key_user_id is None:
        User = get_user_model()
        api_application.key_user = User.objects.create(
            username=f"api-key-{api_application.application.client_id[:20]}",
            email=f"api-key-{api_application.application.client_id[:20]}@invalid",
            display_name=f"{api_application.application.name} (application key)",
        )
        api_application.key_user.set_unusable_password()
        api_application.key_user.save(update_fields=["password"])
    return api_application.key_user


def _event(*, api_application: ApiApplication, action: str, actor, ip) -> None:
    ApiApplicationEvent.objects.create(
        application_id=api_application.application_id,
        name=api_application.application.name,
        team_id=api_application.team_id,
        action=action,
        actor=actor,
        ip=ip,
    )


@transaction.atomic
def api_application_create(
    *,
    team: Team,
    actor,
    name: str,
    redirect_uris,
    client_type: str = "confidential",
    description: str = "",
    key_allowed: bool = False,
    ip: str | None = None,
) -> tuple[ApiApplication, str | None, str | None]:
    """Register an API application for `team`. Return it, its client secret (None for a
    public client) and its application key (None unless `key_allowed`), both in plaintext
    this once."""
    team_admin_check(actor=actor, team=team)
    name = _clean_name(name)
    uris = _clean_redirect_uris(redirect_uris)
    if client_type not in CLIENT_TYPES:
        raise ValidationError({"client_type": BAD_CLIENT_TYPE_MESSAGE})
    Application = get_application_model()
    secret = ClientSecretGenerator().hash() if client_type == "confidential" else None
    application = Application(
        name=name,
        user=actor,
        client_type=client_type,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=uris,
        client_secret=secret or "",
        hash_client_secret=True,
        skip_authorization=False,
    )
    application.save()  # the toolkit hashes the secret before it is written
    key = application_key() if key_allowed else None
    api_application = ApiApplication.objects.create(
        application=application,
        team=team,
        description=(description or "").strip()[:300],
        key_allowed=key_allowed,
        key_digest=codes.digest(key) if key else None,
        created_by=actor,
    )
    if key:
        _key_user(api_application)
        api_application.save(update_fields=["key_user"])
    _event(
        api_application=api_application,
        action=ApiApplicationEvent.Action.CREATED,
        actor=actor,
        ip=ip,
    )
    return api_application, secret, key


@transaction.atomic
def api_application_update(
    *,
    api_application: ApiApplication,
    actor,
    name: str,
    redirect_uris,
    description: str = "",
    key_allowed: bool = False,
    ip: str | None = None,
) -> tuple[ApiApplication, str | None]:
    """Change an application's name, description, redirect URIs and whether its key may be
    used. Return it and, when the key was just allowed and it had none, its new key."""
    team_admin_check(actor=actor, team=api_application.team)
    application = api_application.application
    application.name = _clean_name(name)
    application.redirect_uris = _clean_redirect_uris(redirect_uris)
    application.save(update_fields=["name", "redirect_uris", "updated"])
    key = None
    if key_allowed and api_application.key_digest is None:
        key = application_key()
        api_application.key_digest = codes.digest(key)
        _key_user(api_application)
    api_application.key_allowed = key_allowed
    api_application.description = (description or "").strip()[:300]
    api_application.save(update_fields=["key_allowed", "key_digest", "key_user", "description"])
    _event(
        api_application=api_application,
        action=ApiApplicationEvent.Action.UPDATED,
        actor=actor,
        ip=ip,
    )
    return api_application, key


@transaction.atomic
def api_application_delete(
    *, api_application: ApiApplication, actor, ip=None, by_staff: bool = False
) -> None:
    """Delete an application: every access token, refresh token and code it holds goes with
    it (the toolkit's rows cascade), so each stops working on its next request. A team
    admin deletes from the team's page; staff (`by_staff`) from the admin, on any plan."""
    if not (by_staff and actor.is_staff):
        team_admin_check(actor=actor, team=api_application.team)
    _event(
        api_application=api_application,
        action=ApiApplicationEvent.Action.DELETED,
        actor=actor,
        ip=ip,
    )
    key_user = api_application.key_user
    api_application.application.delete()  # cascades to this row and to the tokens
    if key_user is not None:
        key_user.delete()


@transaction.atomic
def api_application_secret_regenerate(*, api_application: ApiApplication, actor, ip=None) -> str:
    """A new client secret for a confidential client (the old one stops at once)."""
    team_admin_check(actor=actor, team=api_application.team)
    application = api_application.application
    if application.client_type != "confidential":
        raise ValidationError({"client_type": "A public client has no client secret."})
    secret = ClientSecretGenerator().hash()
    application.client_secret = secret
    application.save(update_fields=["client_secret", "updated"])
    _event(
        api_application=api_application,
        action=ApiApplicationEvent.Action.SECRET_REGENERATED,
        actor=actor,
        ip=ip,
    )
    return secret


@transaction.atomic
def api_application_key_regenerate(*, api_application: ApiApplication, actor, ip=None) -> str:
    """A new application key (the old one stops at once); it allows the key as well."""
    team_admin_check(actor=actor, team=api_application.team)
    key = application_key()
    api_application.key_digest = codes.digest(key)
    api_application.key_allowed = True
    _key_user(api_application)
    api_application.save(update_fields=["key_digest", "key_allowed", "key_user"])
    _event(
        api_application=api_application,
        action=ApiApplicationEvent.Action.KEY_REGENERATED,
        actor=actor,
        ip=ip,
    )
    return key


@transaction.atomic
def authorization_revoke(*, user, application_id: int, ip=None) -> int:
    """Withdraw what `user` granted an application: delete their access tokens, refresh
    tokens and unused codes for it. Return how many tokens stopped working (0 when there was
    nothing to revoke). The next request with any of them is a 401."""
    api_application = (
        ApiApplication.objects.select_related("application")
        .filter(application_id=application_id)
        .first()
    )
    if api_application is None:
        return 0
    deleted, _ = (
        get_access_token_model().objects.filter(user=user, application_id=application_id).delete()
    )
    get_refresh_token_model().objects.filter(user=user, application_id=application_id).delete()
    get_grant_model().objects.filter(user=user, application_id=application_id).delete()
    if deleted:
        _event(
            api_application=api_application,
            action=ApiApplicationEvent.Action.AUTHORIZATION_REVOKED,
            actor=user,
            ip=ip,
        )
    return deleted
