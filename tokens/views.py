"""The personal access tokens settings page (`/users/pats/`). Views stay thin.

A new or regenerated code is rendered straight into the response to the POST that made it
(never redirected through the session, the messages framework or a cache), and every page
here is sent with `Cache-Control: no-store`, so the code exists in that one response only.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from teams.selectors import membership_get_by_slug

from .addresses import client_address
from .forms import TeamPolicyForm, TokenCreateForm, TokenRegenerateForm
from .policies import team_policy_of
from .selectors import team_policy_list_for_user, token_list_for_user, token_usage_get
from .services import (
    may_manage_team_policy,
    team_policy_set,
    token_create,
    token_delete,
    token_end_overlap,
    token_regenerate,
    user_set_token_address_alerts,
)
from .usage import usage_chart

TOKEN_DELETED_MESSAGE = 'Deleted the token "{description}". It no longer works.'
OVERLAP_ENDED_MESSAGE = 'The previous code of "{description}" no longer works.'
OVERLAP_ALREADY_ENDED_MESSAGE = 'The previous code of "{description}" had already stopped working.'
POLICY_SAVED_MESSAGE = "Saved the token policy of {team}."
ALERTS_ON_MESSAGE = "You will get an e-mail when a token is used from a new address."
ALERTS_OFF_MESSAGE = "You will no longer get e-mails about new addresses."
EXPIRY_BANNER_DAYS = 7


def _render_list(request, *, form, new_token=None, code=None, status=200):
    now = timezone.now()
    tokens = list(token_list_for_user(user=request.user))
    soon = now + timedelta(days=EXPIRY_BANNER_DAYS)
    context = {
        "form": form,
        "tokens": tokens,
        # The banner: tokens that stop working within a week (the reminders' window).
        "expiring_soon": sorted(
            (t for t in tokens if t.expires_at is not None and now < t.expires_at <= soon),
            key=lambda t: t.expires_at,
        ),
        "new_token": new_token,
        "code": code,
        "now": now,
        # The rules each of the user's teams sets for its tokens (plan and team policy).
        "team_rules": [
            (team, rules)
            for team, rules, _ in team_policy_list_for_user(user=request.user)
            if rules.describe()
        ],
    }
    return render(request, "tokens/pat_list.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def pat_list(request):
    """The list of the user's tokens and the "Create a new PAT" form."""
    if request.method == "GET":
        return _render_list(request, form=TokenCreateForm(user=request.user))
    form = TokenCreateForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            token, code = token_create(
                user=request.user,
                team=data["team"],
                description=data["description"],
                can_write=data["can_write"],
                expires_in_days=data["expiration"],
                allowed_networks=data["allowed_networks"],
                actor=request.user,
                ip=client_address(request),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return _render_list(
                request, form=TokenCreateForm(user=request.user), new_token=token, code=code
            )
    return _render_list(request, form=form, status=400)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def pat_delete(request, token_id: int):
    """GET: the confirmation page. POST: delete the token and go back to the list."""
    token = get_object_or_404(token_list_for_user(user=request.user), pk=token_id)
    if request.method == "GET":
        return render(request, "tokens/pat_confirm.html", {"token": token, "action": "delete"})
    description = token.description
    token_delete(token=token, actor=request.user, ip=client_address(request))
    messages.success(request, TOKEN_DELETED_MESSAGE.format(description=description))
    return redirect("pat-list")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def pat_regenerate(request, token_id: int):
    """GET: the confirmation page. POST: a new code for the same settings, shown once."""
    token = get_object_or_404(token_list_for_user(user=request.user), pk=token_id)
    if request.method == "GET":
        context = {"token": token, "action": "regenerate", "form": TokenRegenerateForm()}
        return render(request, "tokens/pat_confirm.html", context)
    form = TokenRegenerateForm(request.POST)
    if not form.is_valid():
        context = {"token": token, "action": "regenerate", "form": form}
        return render(request, "tokens/pat_confirm.html", context, status=400)
    try:
        token, code = token_regenerate(
            token=token,
            overlap=form.cleaned_data["overlap"],
            actor=request.user,
            ip=client_address(request),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("pat-list")
    return _render_list(
        request, form=TokenCreateForm(user=request.user), new_token=token, code=code
    )


@never_cache
@login_required
@require_POST
def pat_end_overlap(request, token_id: int):
    """Stop the code a regeneration replaced now, before its overlap window closes."""
    token = get_object_or_404(token_list_for_user(user=request.user), pk=token_id)
    ended = token_end_overlap(token=token, actor=request.user, ip=client_address(request))
    message = OVERLAP_ENDED_MESSAGE if ended else OVERLAP_ALREADY_ENDED_MESSAGE
    messages.success(request, message.format(description=token.description))
    return redirect("pat-list")


@never_cache
@login_required
@require_http_methods(["GET"])
def team_policy_list(request):
    """The token policy of each of the user's teams, with a link to change it for admins."""
    teams = team_policy_list_for_user(user=request.user)
    return render(request, "tokens/team_policies.html", {"teams": teams})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def team_policy_edit(request, team_slug: str):
    """A team admin's form for the team's token policy (404 for non-members, 403 for
    members who are not admins, as the service decides)."""
    membership = membership_get_by_slug(user=request.user, team_slug=team_slug)
    if membership is None:
        raise Http404
    team = membership.team
    if not may_manage_team_policy(user=request.user, team=team):
        raise PermissionDenied
    policy = team_policy_of(team)
    if request.method == "GET":
        form = TeamPolicyForm(initial=TeamPolicyForm.initial_for(policy))
        return render(request, "tokens/team_policy_form.html", {"team": team, "form": form})
    form = TeamPolicyForm(request.POST)
    if form.is_valid():
        try:
            team_policy_set(
                team=team, actor=request.user, ip=client_address(request), **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, POLICY_SAVED_MESSAGE.format(team=team.name))
            return redirect("team-policy-list")
    context = {"team": team, "form": form}
    return render(request, "tokens/team_policy_form.html", context, status=400)


@never_cache
@login_required
@require_POST
def pat_alerts(request):
    """The settings page's checkbox: e-mail me when a token is used from a new address."""
    enabled = request.POST.get("token_address_alerts") == "on"
    user_set_token_address_alerts(user=request.user, enabled=enabled)
    messages.success(request, ALERTS_ON_MESSAGE if enabled else ALERTS_OFF_MESSAGE)
    return redirect("pat-list")


@never_cache
@login_required
@require_http_methods(["GET"])
def pat_usage(request, token_id: int):
    """A token's usage: requests per day for 90 days (an SVG chart) and latest endpoints."""
    token = get_object_or_404(token_list_for_user(user=request.user), pk=token_id)
    usage = token_usage_get(token=token, today=timezone.now().date())
    context = {"token": token, "usage": usage, "chart": usage_chart(usage["days"])}
    return render(request, "tokens/pat_usage.html", context)
