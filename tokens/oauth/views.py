"""The pages of API applications, and the consent step of the authorization endpoint.

- `/teams/<team>/settings/api-applications/`: a team admin's list, create form, edit,
  delete, new secret, new key. A client secret or key is rendered straight into the
  response to the POST that made it, with `Cache-Control: no-store`, and never again.
- `/users/applications/`: the applications a user has authorized, with a revoke button.
- `/oauth/authorize/`: the toolkit's view, on our consent template, refusing anyone who is
  not a member of the application's team.
"""

import base64
import json
from urllib.parse import unquote_plus, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from oauth2_provider.models import get_application_model
from oauth2_provider.views import AuthorizationView, IntrospectTokenView

from teams.selectors import membership_get_by_slug
from tokens.addresses import client_address

from .forms import ApiApplicationForm
from .selectors import api_application_get, api_application_list, authorization_list_for_user
from .services import (
    NOT_A_TEAM_ADMIN_MESSAGE,
    api_application_create,
    api_application_delete,
    api_application_key_regenerate,
    api_application_secret_regenerate,
    api_application_update,
    authorization_revoke,
)

APPLICATION_DELETED_MESSAGE = 'Deleted the application "{name}". Its tokens no longer work.'
AUTHORIZATION_REVOKED_MESSAGE = 'Revoked the access of "{name}". Its tokens no longer work.'
NOTHING_TO_REVOKE_MESSAGE = '"{name}" had no access to revoke.'
PKCE_REQUIRED_MESSAGE = (
    "PKCE is required: send code_challenge and code_challenge_method=S256 (RFC 7636)."
)
NOT_A_MEMBER_OF_APPLICATION_TEAM_MESSAGE = (
    "{application} is an API application of {team}, and you are not a member of that team."
)


def _admin_membership(request, team_slug: str):
    """The admin's membership of the team (404 for a non-member or unknown team, 403 for a
    member who is not an admin); it also gives the page the team's header."""
    membership = membership_get_by_slug(user=request.user, team_slug=team_slug)
    if membership is None:
        raise Http404
    if membership.role != membership.Role.ADMIN:
        raise PermissionDenied(NOT_A_TEAM_ADMIN_MESSAGE)
    request.membership = membership  # the team header (content.web.common.team_nav)
    return membership


def _render_list(request, team, *, form, created=None, secret=None, key=None, status=200):
    context = {
        "team": team,
        "applications": list(api_application_list(team=team)),
        "form": form,
        "created": created,
        "secret": secret,
        "key": key,
        "section": "settings",
    }
    return render(request, "tokens/api_applications.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_application_list_page(request, team: str):
    """The team's API applications and the "Register an application" form."""
    team = _admin_membership(request, team).team
    if request.method == "GET":
        return _render_list(request, team, form=ApiApplicationForm())
    form = ApiApplicationForm(request.POST)
    if form.is_valid():
        try:
            api_application, secret, key = api_application_create(
                team=team, actor=request.user, ip=client_address(request), **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return _render_list(
                request,
                team,
                form=ApiApplicationForm(),
                created=api_application,
                secret=secret,
                key=key,
            )
    return _render_list(request, team, form=form, status=400)


def _render_edit(request, team, api_application, *, form, secret=None, key=None, status=200):
    context = {
        "team": team,
        "api_application": api_application,
        "application": api_application.application,
        "form": form,
        "secret": secret,
        "key": key,
        "section": "settings",
    }
    return render(request, "tokens/api_application_edit.html", context, status=status)


def _initial(api_application) -> dict:
    return {
        "name": api_application.application.name,
        "description": api_application.description,
        "redirect_uris": "\n".join(api_application.application.redirect_uris.split()),
        "key_allowed": api_application.key_allowed,
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_application_edit_page(request, team: str, application_id: int):
    """GET: the application's settings. POST: save them (a newly allowed key is shown)."""
    team = _admin_membership(request, team).team
    api_application = api_application_get(team=team, application_id=application_id)
    if api_application is None:
        raise Http404
    if request.method == "GET":
        form = ApiApplicationForm(initial=_initial(api_application), editing=True)
        return _render_edit(request, team, api_application, form=form)
    form = ApiApplicationForm(request.POST, editing=True)
    if form.is_valid():
        try:
            api_application, key = api_application_update(
                api_application=api_application,
                actor=request.user,
                ip=client_address(request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f'Saved "{api_application.application.name}".')
            form = ApiApplicationForm(initial=_initial(api_application), editing=True)
            return _render_edit(request, team, api_application, form=form, key=key)
    return _render_edit(request, team, api_application, form=form, status=400)


@never_cache
@login_required
@require_POST
def api_application_action(request, team: str, application_id: int, action: str):
    """POST: `delete`, `secret` (a new client secret) or `key` (a new application key)."""
    team = _admin_membership(request, team).team
    api_application = api_application_get(team=team, application_id=application_id)
    if api_application is None or action not in ("delete", "secret", "key"):
        raise Http404
    ip = client_address(request)
    if action == "delete":
        name = api_application.application.name
        api_application_delete(api_application=api_application, actor=request.user, ip=ip)
        messages.success(request, APPLICATION_DELETED_MESSAGE.format(name=name))
        return redirect("api-applications", team=team.slug)
    form = ApiApplicationForm(initial=_initial(api_application), editing=True)
    try:
        if action == "secret":
            secret = api_application_secret_regenerate(
                api_application=api_application, actor=request.user, ip=ip
            )
            return _render_edit(request, team, api_application, form=form, secret=secret)
        key = api_application_key_regenerate(
            api_application=api_application, actor=request.user, ip=ip
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("api-application-edit", team=team.slug, application_id=application_id)
    return _render_edit(request, team, api_application, form=form, key=key)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def authorized_applications_page(request):
    """GET: the API applications the user authorized. POST `application`: revoke one."""
    if request.method == "POST":
        try:
            application_id = int(request.POST.get("application", ""))
        except ValueError:
            application_id = None
        entries = authorization_list_for_user(user=request.user)
        entry = next((e for e in entries if e["application"].pk == application_id), None)
        if entry is None:
            raise Http404
        revoked = authorization_revoke(
            user=request.user, application_id=application_id, ip=client_address(request)
        )
        message = AUTHORIZATION_REVOKED_MESSAGE if revoked else NOTHING_TO_REVOKE_MESSAGE
        messages.success(request, message.format(name=entry["application"].name))
        return redirect("authorized-applications")
    context = {
        "authorizations": authorization_list_for_user(user=request.user),
        "now": timezone.now(),
    }
    return render(request, "tokens/authorized_applications.html", context)


class TeamAuthorizationView(AuthorizationView):
    """The toolkit's authorization endpoint (code + PKCE S256 only, exact redirect URIs),
    with the consent page in our templates, naming the application, its team and the
    scopes. A user who is not a member of the application's team sees an error page and
    the client gets no code."""

    template_name = "tokens/oauth_authorize.html"

    def get(self, request, *args, **kwargs):
        """Refuse before any consent a request without PKCE S256 (no challenge, or the
        `plain` method): the toolkit would only refuse `plain` once the user consented."""
        if request.GET.get("code_challenge_method") != "S256" or not request.GET.get(
            "code_challenge"
        ):
            error = {"error": "invalid_request", "description": PKCE_REQUIRED_MESSAGE}
            return self.render_to_response({"error": error}, status=400)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scope_items"] = list(
            zip(context.get("scopes", ()), context.get("scopes_descriptions", ()), strict=False)
        )
        application = context.get("application")
        api_application = getattr(application, "api_application", None)
        if api_application is not None:
            context["api_application"] = api_application
            context["team"] = api_application.team
        return context

    def render_to_response(self, context, **response_kwargs):
        api_application = context.get("api_application")
        if api_application is not None and "error" not in context:
            member = membership_get_by_slug(
                user=self.request.user, team_slug=api_application.team.slug
            )
            if member is None:
                context["error"] = {
                    "error": "access_denied",
                    "description": NOT_A_MEMBER_OF_APPLICATION_TEAM_MESSAGE.format(
                        application=api_application.application.name,
                        team=api_application.team.name,
                    ),
                }
                response_kwargs["status"] = 403
        response = super().render_to_response(context, **response_kwargs)
        redirect_uri = context.get("redirect_uri")
        if redirect_uri and "error" not in context:
            # The consent form's POST answers with a redirect to the client: the page's
            # Content-Security-Policy `form-action 'self'` would stop the browser there. The
            # URI was checked against the application's (exact match) before this page.
            parts = urlsplit(redirect_uri)
            origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else f"{parts.scheme}:"
            response._csp_update = {"form-action": [origin]}
        return response

    def form_valid(self, form):
        """The consent's POST: only a member of the application's team may grant it."""
        application = (
            get_application_model()
            .objects.select_related("api_application__team")
            .filter(client_id=form.cleaned_data.get("client_id"))
            .first()
        )
        api_application = getattr(application, "api_application", None)
        membership = None
        if api_application is not None:
            membership = membership_get_by_slug(
                user=self.request.user, team_slug=api_application.team.slug
            )
        if membership is None:
            raise PermissionDenied(NOT_A_MEMBER_OF_APPLICATION_TEAM_MESSAGE)
        return super().form_valid(form)


class TeamIntrospectTokenView(IntrospectTokenView):
    """RFC 7662 introspection, for the application's own tokens only.

    The toolkit's view authenticates the client (HTTP Basic or `client_id`/`client_secret`
    in the body: confidential clients) and answers for any token; here a token of another
    application is reported `{"active": false}`, as an unknown one is. POST only: a token
    never travels in a URL.
    """

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        response = self.get_token_response(request.POST.get("token"))
        data = json.loads(response.content)
        if data.get("active") and data.get("client_id") != _client_id(request):
            return JsonResponse({"active": False})
        return response


def _client_id(request) -> str | None:
    """The client id the request authenticated with (the toolkit checked the secret)."""
    scheme, _, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(credentials.strip()).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None
        return unquote_plus(decoded.partition(":")[0])
    return request.POST.get("client_id")
