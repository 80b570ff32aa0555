"""Staff views of personal access tokens and their audit trail.

Staff can look, search, filter and revoke; they cannot mint a token for someone else, see
a digest, or change a token's secret. Every revocation, whether by the action or by the
delete page, goes through `token_revoke_by_staff`, so it leaves an audit line. Both change
lists filter by their list filters only: no lookup can probe a digest or an address.
"""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from accounts.admin_filters import ListFilterLookupsOnlyMixin

from .addresses import client_address
from .forms import TeamPolicyForm
from .models import PersonalAccessToken, TeamPolicy, TokenAddressAlert, TokenEvent, TokenReminder
from .policies import rules_for
from .services import team_policy_describe, team_policy_set, token_revoke_by_staff

# Everything staff may see about a token. The digest is deliberately absent.
_TOKEN_FIELDS = (
    "user",
    "team",
    "description",
    "scope",
    "source",
    "created_at",
    "expires_at",
    "last_used_at",
    "recent_addresses_shown",
    "allowed_networks_shown",
    "team_rules",
    "previous_code_valid_until",
    "reminders_sent",
    "address_alerts_sent",
)


class ExpiredListFilter(admin.SimpleListFilter):
    """Expired (yes) or still valid or never expiring (no), as of the request."""

    title = "expired"
    parameter_name = "expired"

    def lookups(self, request, model_admin):
        return (("yes", "Yes"), ("no", "No"))

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "yes":
            return queryset.filter(expires_at__lte=now)
        if self.value() == "no":
            return queryset.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        return queryset


@admin.register(PersonalAccessToken)
class PersonalAccessTokenAdmin(ListFilterLookupsOnlyMixin, admin.ModelAdmin):
    list_display = (
        "description",
        "user",
        "team",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
    )
    list_filter = ("team", "team__plan", "can_write", ExpiredListFilter)
    search_fields = ("description", "user__username", "user__email", "team__name", "team__slug")
    list_select_related = ("user", "team")
    date_hierarchy = "created_at"
    fields = _TOKEN_FIELDS
    readonly_fields = _TOKEN_FIELDS
    actions = ("revoke_selected",)

    @admin.display(description="scope", ordering="can_write")
    def scope(self, token: PersonalAccessToken) -> str:
        return token.scope_label

    @admin.display(description="last-used addresses")
    def recent_addresses_shown(self, token: PersonalAccessToken) -> str:
        """The last five distinct client addresses, newest first, with when each was seen."""
        if not token.recent_addresses:
            return "—"
        return format_html(
            "<ul style='margin:0;padding-left:1rem'>{}</ul>",
            format_html_join(
                "",
                "<li><code>{}</code> {}</li>",
                (
                    (address, seen.strftime("%Y-%m-%d %H:%M:%S %Z"))
                    for address, seen in token.recent_address_list
                ),
            ),
        )

    @admin.display(description="IP allowlist (the token's own)")
    def allowed_networks_shown(self, token: PersonalAccessToken) -> str:
        return ", ".join(token.allowed_networks) or "any address"

    @admin.display(description="team's rules (plan and policy)")
    def team_rules(self, token: PersonalAccessToken) -> str:
        return " ".join(rules_for(token.team).describe()) or "none beyond the plan's"

    @admin.display(description="previous code valid until")
    def previous_code_valid_until(self, token: PersonalAccessToken):
        return token.previous_code_valid_until or "—"

    @admin.display(description="expiry reminders sent")
    def reminders_sent(self, token: PersonalAccessToken) -> str:
        reminders = TokenReminder.objects.filter(token=token).order_by("sent_at")
        return (
            ", ".join(
                f"{reminder.get_threshold_display()} ({reminder.sent_at:%Y-%m-%d %H:%M})"
                for reminder in reminders
            )
            or "—"
        )

    @admin.display(description="new-address alerts sent")
    def address_alerts_sent(self, token: PersonalAccessToken) -> str:
        alerts = TokenAddressAlert.objects.filter(token=token).order_by("-day")[:10]
        return ", ".join(f"{alert.address} ({alert.day:%Y-%m-%d})" for alert in alerts) or "—"

    @admin.action(permissions=["delete"], description="Revoke selected tokens")
    def revoke_selected(self, request, queryset):
        count = token_revoke_by_staff(
            tokens=queryset, actor=request.user, ip=client_address(request)
        )
        self.message_user(request, f"Revoked {count} token{'s' if count != 1 else ''}.")

    def get_actions(self, request):
        # Django's bulk "delete selected" would do the same as our action, twice over.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request) -> bool:
        return False  # a token's code is for its owner's eyes only: staff cannot mint one

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # nothing about a token is edited by staff: revoke it instead

    def delete_model(self, request, obj):
        token_revoke_by_staff(tokens=[obj], actor=request.user, ip=client_address(request))

    def delete_queryset(self, request, queryset):
        token_revoke_by_staff(tokens=queryset, actor=request.user, ip=client_address(request))


@admin.register(TokenEvent)
class TokenEventAdmin(ListFilterLookupsOnlyMixin, admin.ModelAdmin):
    """The audit trail: read-only, for everybody, superusers included."""

    list_display = (
        "created_at",
        "action",
        "token_id",
        "description",
        "user",
        "team",
        "actor",
        "ip",
        "detail",
    )
    list_filter = ("action", "team")
    search_fields = ("description", "user__username", "actor__username", "team__slug")
    list_select_related = ("user", "team", "actor")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TeamPolicyAdminForm(forms.ModelForm):
    """The admin's form: the settings page's fields and checks (`TeamPolicyForm`)."""

    allowed_networks = TeamPolicyForm.base_fields["allowed_networks"]

    class Meta:
        model = TeamPolicy
        fields = (
            "team",
            "max_lifetime_days",
            "require_expiry",
            "allow_write",
            "max_tokens_per_member",
            "inactivity_days",
            "allowed_networks",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["allowed_networks"] = "\n".join(self.instance.allowed_networks)

    clean_allowed_networks = TeamPolicyForm.clean_allowed_networks


@admin.register(TeamPolicy)
class TeamPolicyAdmin(ListFilterLookupsOnlyMixin, admin.ModelAdmin):
    """Staff set a team's token policy here; the write goes through `team_policy_set`, so
    it is checked and audited as on the settings page."""

    form = TeamPolicyAdminForm
    list_display = ("team", "summary", "updated_at", "updated_by")
    list_select_related = ("team", "updated_by")
    search_fields = ("team__name", "team__slug")
    readonly_fields = ("updated_at", "updated_by")

    def get_readonly_fields(self, request, obj=None):
        # The team of an existing policy is fixed (it is the primary key).
        return (*self.readonly_fields, "team") if obj is not None else self.readonly_fields

    @admin.display(description="rules")
    def summary(self, policy: TeamPolicy) -> str:
        return team_policy_describe(policy)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = team_policy_set(
            team=obj.team,
            actor=request.user,
            ip=client_address(request),
            max_lifetime_days=data.get("max_lifetime_days"),
            require_expiry=data.get("require_expiry", False),
            allow_write=data.get("allow_write", True),
            max_tokens_per_member=data.get("max_tokens_per_member"),
            inactivity_days=data.get("inactivity_days"),
            allowed_networks=data.get("allowed_networks", []),
        )
        obj.__dict__.update(saved.__dict__)
