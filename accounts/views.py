"""Account pages: the home page and the account-settings shell that other apps hang pages on."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape

from .forms import ProfileForm
from .models import User
from .services import user_profile_update

PROFILE_SAVED_MESSAGE = "Your profile was saved."


def home(request):
    """The home page: the signed-in user's teams, each linking to its team home."""
    memberships = []
    if request.user.is_authenticated:
        # The team of each membership in the same query (the reverse relation of
        # `teams.Membership`; accounts imports nothing from the other apps).
        memberships = request.user.memberships.select_related("team").order_by("team__name")
    return render(request, "home.html", {"memberships": memberships})


@login_required
def account_settings(request):
    """The profile page of the account settings: who you are, and your job title and
    department (a form, saved through `user_profile_update`)."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                user_profile_update(user=user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field, error)
            else:
                messages.success(request, PROFILE_SAVED_MESSAGE)
                return redirect("account-settings")
    else:
        form = ProfileForm(initial={"job_title": user.job_title, "department": user.department})
    return render(request, "accounts/settings.html", {"form": form})


# A small palette of accessible background colours for initials avatars.
_AVATAR_COLOURS = ("#0b63ce", "#1a7f37", "#8250df", "#bf3989", "#9a6700", "#0f766e", "#c2410c")


def avatar(request, user_id: int):
    """An SVG avatar with the user's initials (what `avatarUrl` in the API points at)."""
    user = get_object_or_404(User, pk=user_id, is_active=True)
    colour = _AVATAR_COLOURS[user.pk % len(_AVATAR_COLOURS)]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">'
        f'<rect width="128" height="128" rx="64" fill="{colour}"/>'
        '<text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="sans-serif" '
        f'font-size="52" font-weight="700" fill="#fff">{escape(user.initials)}</text></svg>'
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@login_required
def profile(request, user_id: int):
    """A user's public profile (what `webUrl` in the API points at)."""
    person = get_object_or_404(User, pk=user_id, is_active=True)
    return render(request, "accounts/profile.html", {"person": person})
