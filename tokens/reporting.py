"""Keep token codes out of error reports."""

import re

from django.views.debug import SafeExceptionReporterFilter


class TokenSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, which does not hide `HTTP_AUTHORIZATION`, plus the token headers.

    Any META key that carries credentials is replaced by the cleansed substitute in the
    debug page and in the emails/log records that AdminEmailHandler builds.
    """

    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|AUTHORIZATION", flags=re.IGNORECASE
    )
    _hidden_meta = frozenset({"HTTP_AUTHORIZATION", "HTTP_X_API_ACCESS_TOKEN", "HTTP_COOKIE"})

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        for key in self._hidden_meta & meta.keys():
            meta[key] = self.cleansed_substitute
        return meta
