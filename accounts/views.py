"""Account pages: the home page and the account-settings shell that other apps hang pages on."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def home(request):
    return render(request, "home.html")


@login_required
def account_settings(request):
    return render(request, "accounts/settings.html")
