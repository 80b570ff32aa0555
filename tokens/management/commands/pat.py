"""`manage.py pat`: create, list and revoke personal access tokens from the command line.

    pat create --user USERNAME --team SLUG --description TEXT [--write]
               [--expires-in-days {7,30,60,90} | --no-expiry]
    pat list [--user USERNAME]
    pat revoke ID

For operators and scripts, like DRF's `drf_create_token`. It calls the same services as the
settings page, so the same rules and messages apply. `pat create` prints the token's code
and nothing else on stdout (`TOKEN=$(manage.py pat create …)`); any error is one line on
stderr and a non-zero exit status.
"""

from datetime import UTC

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from teams.models import Team
from tokens.models import PersonalAccessToken
from tokens.services import token_create, token_revoke_by_staff

DEFAULT_EXPIRES_IN_DAYS = 30
UNKNOWN_USER_MESSAGE = "No user with the username {username!r}."
UNKNOWN_TEAM_MESSAGE = "No team with the slug {slug!r}."
UNKNOWN_TOKEN_MESSAGE = "No token with the id {id}."
NO_TOKENS_MESSAGE = "No tokens."

_COLUMNS = ("ID", "USER", "TEAM", "DESCRIPTION", "SCOPE", "CREATED", "EXPIRES", "LAST USED")


class Command(BaseCommand):
    help = "Create, list and revoke personal access tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{create,list,revoke}")
        actions.required = True

        create = actions.add_parser("create", help="Create a token and print its code.")
        create.add_argument("--user", required=True, metavar="USERNAME", help="The token's owner.")
        create.add_argument(
            "--team", required=True, metavar="SLUG", help="The one team the token can access."
        )
        create.add_argument(
            "--description",
            required=True,
            metavar="TEXT",
            help="1-100 characters, unique among the user's tokens.",
        )
        create.add_argument("--write", action="store_true", help="Give the token write access.")
        expiry = create.add_mutually_exclusive_group()
        # No argparse `choices`: the service validates, so the message is the settings page's.
        expiry.add_argument(
            "--expires-in-days",
            type=int,
            default=DEFAULT_EXPIRES_IN_DAYS,
            metavar="{7,30,60,90}",
            help=f"Days until the token expires (default {DEFAULT_EXPIRES_IN_DAYS}).",
        )
        expiry.add_argument("--no-expiry", action="store_true", help="The token never expires.")
        create.add_argument(
            "--allow",
            action="append",
            default=[],
            metavar="CIDR",
            help="Only requests from this network may use the token (repeat for several).",
        )

        listing = actions.add_parser("list", help="List tokens (never their codes or digests).")
        listing.add_argument("--user", metavar="USERNAME", help="Only this user's tokens.")

        revoke = actions.add_parser("revoke", help="Revoke (delete) a token, with an audit line.")
        revoke.add_argument("id", type=int, metavar="ID")

    def handle(self, *args, **options):
        return getattr(self, f"handle_{options['action']}")(options)

    def handle_create(self, options) -> None:
        user = _get_user(options["user"])
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(UNKNOWN_TEAM_MESSAGE.format(slug=options["team"]))
        try:
            _, code = token_create(
                user=user,
                team=team,
                description=options["description"],
                can_write=options["write"],
                expires_in_days=None if options["no_expiry"] else options["expires_in_days"],
                source=PersonalAccessToken.Source.CLI,
                allowed_networks=options["allow"],
            )
        except ValidationError as exc:
            raise CommandError(_one_line(exc)) from None
        self.stdout.write(code)

    def handle_list(self, options) -> None:
        tokens = PersonalAccessToken.objects.select_related("user", "team").order_by("id")
        if options["user"]:
            tokens = tokens.filter(user=_get_user(options["user"]))
        rows = [
            (
                str(token.pk),
                token.user.username,
                token.team.slug,
                token.description,
                token.scope_label,
                _when(token.created_at),
                _when(token.expires_at),
                _when(token.last_used_at),
            )
            for token in tokens
        ]
        if not rows:
            self.stdout.write(NO_TOKENS_MESSAGE)
            return
        widths = [max(len(row[i]) for row in [_COLUMNS, *rows]) for i in range(len(_COLUMNS))]
        for row in [_COLUMNS, *rows]:
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )

    def handle_revoke(self, options) -> None:
        token = (
            PersonalAccessToken.objects.select_related("user", "team")
            .filter(pk=options["id"])
            .first()
        )
        if token is None:
            raise CommandError(UNKNOWN_TOKEN_MESSAGE.format(id=options["id"]))
        label = f"{token.pk} ({token.description!r}, {token.user.username} in {token.team.slug})"
        # An operator at the console is staff without an account: the audit line has no actor.
        token_revoke_by_staff(tokens=[token], actor=None, ip=None)
        self.stdout.write(f"Revoked token {label}.")


def _get_user(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(UNKNOWN_USER_MESSAGE.format(username=username))
    return user


def _when(moment) -> str:
    return "never" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


# The service's field names, as the options that set them.
_OPTION_OF_FIELD = {
    "user": "--user",
    "team": "--team",
    "description": "--description",
    "can_write": "--write",
    "expires_in_days": "--expires-in-days",
}


def _one_line(exc: ValidationError) -> str:
    """`--option: message` for each message, on one line."""
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{_OPTION_OF_FIELD.get(field, field)}: {message}"
            for field, messages in exc.message_dict.items()
            for message in messages
        )
    return "; ".join(exc.messages)
