"""The personal access tokens settings page (`/users/pats/`). Views stay thin.

A new or regenerated code is rendered straight into the response to the POST that made it
(never redirected through the session, the messages framework or a cache), and every page
here is sent with `Cache-Control: no-store`, so the code exists in that one response only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import TokenCreateForm
from .selectors import token_list_for_user
from .services import token_create, token_delete, token_regenerate

TOKEN_DELETED_MESSAGE = 'Deleted the token "{description}". It no longer works.'


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _render_list(request, *, form, new_token=None, code=None, status=200):
    context = {
        "form": form,
        "tokens": token_list_for_user(user=request.user),
        "new_token": new_token,
        "code": code,
        "now": timezone.now(),
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
                actor=request.user,
                ip=_client_ip(request),
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
    token_delete(token=token, actor=request.user, ip=_client_ip(request))
    messages.success(request, TOKEN_DELETED_MESSAGE.format(description=description))
    return redirect("pat-list")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def pat_regenerate(request, token_id: int):
    """GET: the confirmation page. POST: a new code for the same settings, shown once."""
    token = get_object_or_404(token_list_for_user(user=request.user), pk=token_id)
    if request.method == "GET":
        return render(request, "tokens/pat_confirm.html", {"token": token, "action": "regenerate"})
    try:
        token, code = token_regenerate(token=token, actor=request.user, ip=_client_ip(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("pat-list")
    return _render_list(
        request, form=TokenCreateForm(user=request.user), new_token=token, code=code
    )
