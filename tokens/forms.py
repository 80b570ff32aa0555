"""The settings page's form: it validates every field on its own, JavaScript or not.

The services re-check everything (they are the rule); the form exists so that each error
lands next to its field, and `add_service_errors` maps a service's `ValidationError` there.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from teams.plans import NO_API_ACCESS_MESSAGE, NO_WRITE_ACCESS_MESSAGE
from teams.selectors import team_list_for_user

from .policies import parse_networks
from .selectors import token_list_for_user
from .services import (
    BAD_EXPIRATION_MESSAGE,
    BAD_OVERLAP_MESSAGE,
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_REQUIRED_MESSAGE,
    DESCRIPTION_TOO_LONG_MESSAGE,
    DUPLICATE_DESCRIPTION_MESSAGE,
    NOT_A_MEMBER_MESSAGE,
    ROTATION_OVERLAP_LABELS,
)

TEAM_REQUIRED_MESSAGE = "Choose the team this token can access."
WRITE_ACCESS_HELP = (
    "Write access is available on the Business and Enterprise plans. "
    "Choose a team on one of them to enable it."
)
EXPIRATION_HELP = "For security, set an expiration on every token."
ALLOWED_NETWORKS_HELP = (
    "Only requests from these networks may use the token: CIDR ranges such as "
    "203.0.113.0/24 or 2001:db8::/32, one per line. Empty: any address your team allows."
)
NO_EXPIRATION = "never"
DEFAULT_EXPIRATION = "30"


def _expiration_choices() -> list[tuple[str, str]]:
    return [(str(days), f"{days} days") for days in settings.PAT_EXPIRATION_DAYS] + [
        (NO_EXPIRATION, "No expiration")
    ]


class TeamSelect(forms.Select):
    """A select whose Free-plan teams are shown disabled with the reason, and whose options
    say whether the team allows write tokens (`data-can-write`, read by pat-settings.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        team = getattr(value, "instance", None)
        if team is not None:
            if not team.allows_api_access:
                option["attrs"]["disabled"] = True
                option["label"] = f"{label} — {NO_API_ACCESS_MESSAGE}"
            option["attrs"]["data-can-write"] = "true" if team.allows_write_access else "false"
        return option


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team) -> str:
        return f"{team.name} ({team.get_plan_display()})"


class TokenCreateForm(forms.Form):
    """Create a personal access token: description, team, expiration, write access."""

    description = forms.CharField(
        label="PAT Description",
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text="A unique description to help you identify the token.",
        error_messages={
            "required": DESCRIPTION_REQUIRED_MESSAGE,
            "max_length": DESCRIPTION_TOO_LONG_MESSAGE,
        },
    )
    team = TeamChoiceField(
        label="Team scope",
        queryset=None,
        empty_label="Choose a team…",
        widget=TeamSelect,
        help_text="Each token can access only one team.",
        error_messages={"required": TEAM_REQUIRED_MESSAGE, "invalid_choice": NOT_A_MEMBER_MESSAGE},
    )
    expiration = forms.ChoiceField(
        label="Expiration",
        choices=_expiration_choices,
        initial=DEFAULT_EXPIRATION,
        help_text=EXPIRATION_HELP,
        error_messages={"invalid_choice": BAD_EXPIRATION_MESSAGE},
    )
    can_write = forms.BooleanField(
        label="Enable write access (Business only)", required=False, help_text=WRITE_ACCESS_HELP
    )
    allowed_networks = forms.CharField(
        label="IP allowlist (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "203.0.113.0/24"}),
        help_text=ALLOWED_NETWORKS_HELP,
    )

    # Service error keys → form fields (anything else becomes a form-wide error).
    _SERVICE_FIELDS = {
        "description": "description",
        "team": "team",
        "can_write": "can_write",
        "expires_in_days": "expiration",
        "allowed_networks": "allowed_networks",
    }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["team"].queryset = team_list_for_user(user=user)
        self.fields["description"].widget.attrs.update({"autocomplete": "off"})
        # The browser disables the box unless the chosen team may write; the server decides
        # again in clean() whatever the browser sent.
        if not self._chosen_team_allows_write():
            self.fields["can_write"].widget.attrs["disabled"] = True

    def _chosen_team_allows_write(self) -> bool:
        pk = str(self["team"].value() or "")
        if not pk.isdigit():
            return False
        team = self.fields["team"].queryset.filter(pk=int(pk)).first()
        return bool(team and team.allows_write_access)

    def clean_description(self) -> str:
        description = self.cleaned_data["description"]
        if token_list_for_user(user=self.user).filter(description__iexact=description).exists():
            raise ValidationError(DUPLICATE_DESCRIPTION_MESSAGE)
        return description

    def clean_team(self):
        team = self.cleaned_data["team"]
        if not team.allows_api_access:
            raise ValidationError(NO_API_ACCESS_MESSAGE)
        return team

    def clean_allowed_networks(self) -> list[str]:
        try:
            return parse_networks(self.cleaned_data["allowed_networks"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def clean_expiration(self) -> int | None:
        value = self.cleaned_data["expiration"]
        return None if value == NO_EXPIRATION else int(value)

    def clean(self):
        cleaned = super().clean()
        team = cleaned.get("team")
        if cleaned.get("can_write") and team is not None and not team.allows_write_access:
            self.add_error("can_write", NO_WRITE_ACCESS_MESSAGE)
        return cleaned

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's field-keyed `ValidationError` inline, on the matching field."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for key, messages in error.message_dict.items():
            field = self._SERVICE_FIELDS.get(key)
            for message in messages:
                self.add_error(field, message)


class TokenRegenerateForm(forms.Form):
    """Regenerate: how long the current code keeps working beside the new one."""

    overlap = forms.ChoiceField(
        label="Keep the current code working",
        choices=list(ROTATION_OVERLAP_LABELS.items()),
        initial="none",
        required=False,
        help_text=(
            "For scripts that cannot switch at once: the current code keeps working for this "
            "long, or until the new code is first used, whichever comes first."
        ),
        error_messages={"invalid_choice": BAD_OVERLAP_MESSAGE},
    )

    def clean_overlap(self) -> str:
        return self.cleaned_data["overlap"] or "none"


class TeamPolicyForm(forms.Form):
    """A team's token policy, as a team admin sets it (`team_policy_set` decides)."""

    max_lifetime_days = forms.IntegerField(
        label="Longest lifetime (days)",
        required=False,
        min_value=1,
        max_value=36_500,
        help_text="Tokens must expire within this many days. Empty: no limit.",
    )
    require_expiry = forms.BooleanField(
        label='Require an expiration (no "No expiration")', required=False
    )
    allow_write = forms.BooleanField(
        label="Allow write tokens",
        required=False,
        help_text="Unchecked: only read-only tokens, and existing write tokens stop writing.",
    )
    max_tokens_per_member = forms.IntegerField(
        label="Most tokens per member",
        required=False,
        min_value=1,
        max_value=36_500,
        help_text="Empty: no limit. Applies to new tokens.",
    )
    inactivity_days = forms.IntegerField(
        label="Revoke tokens unused for (days)",
        required=False,
        min_value=1,
        max_value=36_500,
        help_text="Housekeeping revokes them and e-mails their owners. Empty: never.",
    )
    allowed_networks = forms.CharField(
        label="IP allowlist",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "127.0.0.0/8"}),
        help_text=(
            "Requests with the team's tokens must come from these networks (CIDR, one per "
            "line). Empty: any address."
        ),
    )

    # Service error keys are the field names.
    def clean_allowed_networks(self) -> list[str]:
        try:
            return parse_networks(self.cleaned_data["allowed_networks"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    @classmethod
    def initial_for(cls, policy) -> dict:
        if policy is None:
            return {"allow_write": True}
        return {
            "max_lifetime_days": policy.max_lifetime_days,
            "require_expiry": policy.require_expiry,
            "allow_write": policy.allow_write,
            "max_tokens_per_member": policy.max_tokens_per_member,
            "inactivity_days": policy.inactivity_days,
            "allowed_networks": "\n".join(policy.allowed_networks),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        for key, messages in getattr(error, "message_dict", {None: error.messages}).items():
            for message in messages:
                self.add_error(key if key in self.fields else None, message)
