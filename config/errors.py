"""Django's error views: under `/api/` an error leaves in the API face's shape, never as
an HTML page (the v2 wrapper under `/api/2.3/`, a problem+json elsewhere)."""

import sys

from django.views import defaults

from content.api_v2.errors import v2_server_error
from tokens.errors import api_server_error

API_PREFIX = "/api/"
API_V2_PREFIX = "/api/2.3/"


def server_error(request):
    """`handler500`: an uncaught exception. Django calls this while handling it, so the
    exception is `sys.exc_info()` (a database outage becomes a 503); it has been logged
    and reported by then (`django.request`, token codes filtered)."""
    exc = sys.exc_info()[1]
    if request.path.startswith(API_V2_PREFIX):
        return v2_server_error(request, exc)
    if request.path.startswith(API_PREFIX):
        return api_server_error(request, exc)
    return defaults.server_error(request)
