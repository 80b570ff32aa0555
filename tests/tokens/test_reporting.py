"""Token codes never reach a log line, an error email or a debug page."""

import logging
import sys
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter, get_default_exception_reporter_filter
from rest_framework.request import Request
from rest_framework.test import APIClient

import content.api_v3.users
import tokens.authentication
from teams.plans import Plan
from tests.factories import TeamFactory
from tokens import codes
from tokens.authentication import PersonalAccessTokenAuthentication
from tokens.reporting import TokenSafeExceptionReporterFilter

pytestmark = pytest.mark.django_db


class DatabaseDown(Exception):
    pass


def _secret(code: str) -> str:
    """The part of a code that must never be shown (the prefix is public)."""
    return code[len(codes.prefix()) :]


def _fail(*args, **kwargs):
    raise DatabaseDown("the database is unreachable")


def _report(request, function, *args) -> tuple[str, str]:
    """The text and HTML reports of the error `function(*args)` raises.

    Called from here, not from the test, so the report's frames start in this helper and
    do not include the test's own local variables (which hold the codes in plain sight).
    """
    try:
        function(*args)
    except DatabaseDown:
        reporter = ExceptionReporter(request, *sys.exc_info())
        return reporter.get_traceback_text(), reporter.get_traceback_html()
    raise AssertionError(f"{function} did not raise")


@pytest.fixture
def codes_in_both_headers(make_pat):
    """Headers carrying two valid codes: one in each header (they differ on purpose)."""
    _, bearer = make_pat(team=TeamFactory(plan=Plan.BUSINESS))
    _, header = make_pat(team=TeamFactory(plan=Plan.BUSINESS))
    return bearer, header


def test_the_configured_filter_is_ours():
    assert isinstance(get_default_exception_reporter_filter(), TokenSafeExceptionReporterFilter)


def test_exception_report_of_a_failure_during_authentication_shows_no_code(monkeypatch, make_pat):
    _, code = make_pat()
    _, other = make_pat()
    django_request = RequestFactory().get(
        "/api/v3/users/me", HTTP_AUTHORIZATION=f"Bearer {code}", HTTP_X_API_ACCESS_TOKEN=code
    )
    django_request.META["HTTP_X_OTHER"] = "harmless"
    monkeypatch.setattr(tokens.authentication, "token_get_for_authentication", _fail)

    text, html = _report(
        django_request,
        PersonalAccessTokenAuthentication().authenticate,
        Request(django_request),
    )

    assert "harmless" in text and "harmless" in html  # the report does show request headers
    assert "authenticate" in text  # and the frame that held the code
    for report in (text, html):
        assert _secret(code) not in report
    assert _secret(other) not in text + html


def test_exception_report_hides_both_headers_even_when_they_differ(codes_in_both_headers):
    bearer, header = codes_in_both_headers
    request = RequestFactory().get(
        "/api/v3/users/me", HTTP_AUTHORIZATION=f"Bearer {bearer}", HTTP_X_API_ACCESS_TOKEN=header
    )
    text, html = _report(request, _fail)

    report = text + html
    assert "HTTP_AUTHORIZATION" in report and "HTTP_X_API_ACCESS_TOKEN" in report
    assert _secret(bearer) not in report
    assert _secret(header) not in report


@pytest.fixture
def admin_email_handler(settings):
    """What production's error emails would contain: AdminEmailHandler with the HTML page."""
    settings.ADMINS = [("Ops", "ops@example.com")]
    handler = AdminEmailHandler(include_html=True)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)


def _everything_logged_or_mailed(caplog) -> str:
    parts = [caplog.text]
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        parts.append(repr(getattr(record, "request", None)))
    for message in mail.outbox:
        parts.append(message.subject)
        parts.append(message.body)
        parts.extend(str(content) for content, _ in message.alternatives)
    return "\n".join(parts)


@pytest.mark.parametrize("where", ["authentication", "view"])
def test_server_error_with_a_token_logs_and_mails_no_code(
    where, monkeypatch, caplog, settings, admin_email_handler, codes_in_both_headers
):
    bearer, _ = codes_in_both_headers
    if where == "authentication":
        monkeypatch.setattr(tokens.authentication, "token_get_for_authentication", _fail)
    else:
        monkeypatch.setattr(content.api_v3.users, "member_get", _fail)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.request")
    client = APIClient(raise_request_exception=False)

    for header in ({"HTTP_AUTHORIZATION": f"Bearer {bearer}"}, {"HTTP_X_API_ACCESS_TOKEN": bearer}):
        response = client.get(reverse("api:users-me"), **header)
        assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR

    assert any(r.name == "django.request" and r.levelno == logging.ERROR for r in caplog.records)
    assert mail.outbox  # Django's own mail_admins handler and ours, with the HTML report
    assert any(message.alternatives for message in mail.outbox)
    assert "DatabaseDown" in mail.outbox[0].body
    assert _secret(bearer) not in _everything_logged_or_mailed(caplog)


def test_debug_page_shows_no_code(monkeypatch, settings, codes_in_both_headers):
    bearer, _ = codes_in_both_headers
    settings.DEBUG = True  # the development server's technical 500 page
    monkeypatch.setattr(tokens.authentication, "token_get_for_authentication", _fail)

    response = APIClient(raise_request_exception=False).get(
        reverse("api:users-me"),
        HTTP_AUTHORIZATION=f"Bearer {bearer}",
        HTTP_X_API_ACCESS_TOKEN=bearer,
        HTTP_ACCEPT="text/html",
    )

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    page = response.content.decode()
    assert "DatabaseDown" in page
    assert _secret(bearer) not in page


@pytest.mark.parametrize(
    ("status", "arrange"),
    [
        (HTTPStatus.UNAUTHORIZED, "bad_checksum"),
        (HTTPStatus.UNAUTHORIZED, "expired"),
        (HTTPStatus.FORBIDDEN, "read_only_write"),
        (HTTPStatus.FORBIDDEN, "wrong_team"),
    ],
)
def test_refused_requests_log_no_code(status, arrange, caplog, make_pat):
    token, code = make_pat(team=TeamFactory(plan=Plan.BUSINESS))
    method, url = "get", reverse("api:users-me")
    if arrange == "bad_checksum":
        code = code[:-1] + ("a" if code[-1] != "a" else "b")
    elif arrange == "expired":
        type(token).objects.filter(pk=token.pk).update(expires_at=token.created_at)
    elif arrange == "read_only_write":
        method, url = "post", reverse("api:users-me")
    elif arrange == "wrong_team":
        other = TeamFactory(plan=Plan.BUSINESS)
        other.memberships.create(user=token.user)
        url = reverse("api:users-me", kwargs={"team": other.slug})
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.request")

    for header in ({"HTTP_AUTHORIZATION": f"Bearer {code}"}, {"HTTP_X_API_ACCESS_TOKEN": code}):
        response = getattr(APIClient(), method)(url, **header)
        assert response.status_code == status

    assert [r for r in caplog.records if r.name == "django.request"]  # they were logged
    assert _secret(code) not in _everything_logged_or_mailed(caplog)


def test_exception_report_of_a_failure_while_reading_the_headers_shows_no_code(
    monkeypatch, make_pat
):
    _, code = make_pat()
    django_request = RequestFactory().get("/api/v3/users/me", HTTP_AUTHORIZATION=f"Bearer {code}")

    class Exploding(str):
        def strip(self, *args):
            raise DatabaseDown("cannot happen, but if it did")

    django_request.META["HTTP_X_API_ACCESS_TOKEN"] = Exploding(code)

    text, html = _report(
        django_request,
        PersonalAccessTokenAuthentication().get_code,
        Request(django_request),
    )

    assert "get_code" in text
    assert _secret(code) not in text + html
