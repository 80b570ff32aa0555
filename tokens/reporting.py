"""Keep token codes out of error reports."""

from django.views.debug import SafeExceptionReporterFilter


class TokenSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, plus the headers that carry a token, named explicitly.

    Any META key that carries credentials is replaced by the cleansed substitute in the
    debug page and in the emails/log records that AdminEmailHandler builds.
    """

    # Django's own `hidden_settings` pattern is kept as is (it already matches AUTH, API and
    # TOKEN); the headers are also named here so that a future change of that pattern cannot
    # let a token through.
    _hidden_meta = frozenset({"HTTP_AUTHORIZATION", "HTTP_X_API_ACCESS_TOKEN", "HTTP_COOKIE"})

    def is_active(self, request) -> bool:
        """Filter always, not only when DEBUG is off (Django's default).

        A development server's debug page is an error report too: frames marked with
        `sensitive_variables` (authentication holds the code in one) show stars there as well.
        """
        return True

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        for key in self._hidden_meta & meta.keys():
            meta[key] = self.cleansed_substitute
        return meta
