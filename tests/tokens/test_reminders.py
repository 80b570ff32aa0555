"""Expiry reminders (7 days before, on the day), the settings page's banner, and the
housekeeping that sends them: Celery tasks, `manage.py pat_housekeeping`."""

import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from tests.factories import UserFactory
from tokens.models import PersonalAccessToken, TokenReminder
from tokens.services import token_regenerate, token_send_expiry_reminders

pytestmark = pytest.mark.django_db

SEVEN = TokenReminder.Threshold.SEVEN_DAYS
DAY_OF = TokenReminder.Threshold.DAY_OF


def _token(make_pat, *, expires_in, lifetime=timedelta(days=30), **kwargs):
    """A token made `lifetime` before its expiry, which is `expires_in` from now."""
    token, _ = make_pat(**kwargs)
    now = timezone.now()
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        created_at=now + expires_in - lifetime, expires_at=now + expires_in
    )
    token.refresh_from_db()
    return token


def _housekeeping() -> str:
    out = io.StringIO()
    call_command("pat_housekeeping", stdout=out)
    return out.getvalue()


def test_housekeeping_sends_the_seven_day_reminder_once(make_pat):
    owner = UserFactory(email="bob@example.com")
    token = _token(make_pat, user=owner, expires_in=timedelta(days=6), description="nightly")

    first = _housekeeping()
    second = _housekeeping()

    assert "tokens.tasks.send_expiry_reminders: 1 expiry reminders sent" in first
    assert "tokens.tasks.send_expiry_reminders: 0 expiry reminders sent" in second
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@example.com"]
    assert message.subject == 'Your Teamstack token "nightly" expires in 7 days'
    assert "nightly" in message.body and token.team.name in message.body
    assert settings.SITE_URL + reverse("pat-list") in message.body
    assert token.expires_at.strftime("%B %-d, %Y") in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{settings.SITE_URL}{reverse("pat-list")}"' in html
    assert TokenReminder.objects.get().threshold == SEVEN


def test_then_on_the_day_once_more(make_pat):
    _token(make_pat, expires_in=timedelta(days=6))
    now = timezone.now()
    assert token_send_expiry_reminders(now=now) == 1
    assert token_send_expiry_reminders(now=now + timedelta(days=3)) == 0
    later = now + timedelta(days=5, hours=1)  # 23 hours left
    assert token_send_expiry_reminders(now=later) == 1
    assert token_send_expiry_reminders(now=later + timedelta(hours=1)) == 0
    assert [m.subject.rsplit(" ", 1)[-1] for m in mail.outbox] == ["days", "today"]
    assert set(TokenReminder.objects.values_list("threshold", flat=True)) == {SEVEN, DAY_OF}


def test_a_first_run_on_the_day_sends_only_the_day_of_reminder(make_pat):
    _token(make_pat, expires_in=timedelta(hours=5))
    assert token_send_expiry_reminders() == 1
    assert mail.outbox[0].subject.endswith("expires today")
    assert token_send_expiry_reminders() == 0


@pytest.mark.parametrize(
    ("expires_in", "lifetime", "kwargs", "sent"),
    [
        (timedelta(days=8), timedelta(days=30), {}, 0),  # not yet
        (timedelta(days=7), timedelta(days=30), {}, 1),  # exactly 7 days
        (-timedelta(minutes=1), timedelta(days=30), {}, 0),  # already expired
        (timedelta(days=6), timedelta(days=7), {}, 0),  # a 7-day token: just chosen so
        (timedelta(hours=3), timedelta(days=7), {}, 1),  # …but told on the day
        (timedelta(hours=3), timedelta(days=1), {"source": "swagger"}, 0),
    ],
)
def test_who_is_due(make_pat, expires_in, lifetime, kwargs, sent):
    _token(make_pat, expires_in=expires_in, lifetime=lifetime, **kwargs)
    assert token_send_expiry_reminders() == sent
    assert len(mail.outbox) == sent


def test_never_expiring_tokens_and_owners_without_mail_or_deactivated_get_none(make_pat):
    make_pat(expires_in_days=None)
    _token(make_pat, user=UserFactory(email=""), expires_in=timedelta(days=3))
    gone = _token(make_pat, expires_in=timedelta(days=3))
    type(gone.user).objects.filter(pk=gone.user_id).update(is_active=False)
    assert token_send_expiry_reminders() == 0
    assert mail.outbox == []


def test_a_reminder_claimed_elsewhere_is_not_sent_again(make_pat):
    """Another machine's run that inserted the row first wins: the constraint decides."""
    token = _token(make_pat, expires_in=timedelta(days=5))
    TokenReminder.objects.create(token=token, threshold=SEVEN, expires_at=token.expires_at)
    assert token_send_expiry_reminders() == 0
    assert mail.outbox == []


def test_a_failed_email_is_retried_by_the_next_run(make_pat, monkeypatch):
    _token(make_pat, expires_in=timedelta(days=5))

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr("tokens.notifications.EmailMultiAlternatives.send", broken)
    assert token_send_expiry_reminders() == 0
    assert not TokenReminder.objects.exists()  # rolled back with the failed send
    monkeypatch.undo()
    assert token_send_expiry_reminders() == 1


def test_a_regenerated_token_is_reminded_of_its_new_expiry(make_pat):
    token = _token(make_pat, expires_in=timedelta(days=5))
    assert token_send_expiry_reminders() == 1
    token, _ = token_regenerate(token=token)  # now expires in 30 days
    now = timezone.now()  # …and 26 days have passed
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        created_at=now - timedelta(days=26), expires_at=now + timedelta(days=4)
    )
    assert token_send_expiry_reminders() == 1


# --- The banner -----------------------------------------------------------------------------


def test_banner_lists_tokens_expiring_within_seven_days(client, make_pat, member):
    soon = _token(make_pat, user=member, expires_in=timedelta(days=2), description="soon one")
    _token(make_pat, user=member, expires_in=timedelta(days=20), description="later one")
    _token(make_pat, user=member, expires_in=-timedelta(days=1), description="gone one")
    client.force_login(member)
    body = client.get(reverse("pat-list")).content.decode()
    banner = body[
        body.index('class="expiry-banner"') : body.index("</div>", body.index("expiry-banner"))
    ]
    assert "A token expires within 7 days" in banner
    assert f'href="#token-{soon.pk}"' in banner and "soon one" in banner
    assert "later one" not in banner and "gone one" not in banner


def test_no_banner_when_nothing_expires_soon(client, make_pat, member):
    _token(make_pat, user=member, expires_in=timedelta(days=20))
    client.force_login(member)
    response = client.get(reverse("pat-list"))
    assert response.status_code == HTTPStatus.OK
    assert "expiry-banner" not in response.content.decode()


# --- Housekeeping: the registry, Celery, the command ---------------------------------------------


def test_every_housekeeping_task_is_a_celery_task_on_the_beat_schedule():
    from config.celery import app

    assert settings.HOUSEKEEPING_TASKS
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == set(settings.HOUSEKEEPING_TASKS)
    app.loader.import_default_modules()
    for name in settings.HOUSEKEEPING_TASKS:
        assert import_string(name).name == name
        assert name in app.tasks


def test_tasks_run_eagerly_without_a_broker(make_pat):
    from tokens.tasks import send_expiry_reminders

    _token(make_pat, expires_in=timedelta(days=3))
    result = send_expiry_reminders.delay()
    assert result.get() == "1 expiry reminders sent"
    assert len(mail.outbox) == 1


def test_housekeeping_only_one_task_and_unknown_names(make_pat):
    _token(make_pat, expires_in=timedelta(days=3))
    out = io.StringIO()
    call_command("pat_housekeeping", "--only", "clear_ended_overlaps", stdout=out)
    assert (
        out.getvalue().strip()
        == "tokens.tasks.clear_ended_overlaps: 0 ended overlap windows cleared"
    )
    assert mail.outbox == []
    with pytest.raises(CommandError, match="Unknown task: nope"):
        call_command("pat_housekeeping", "--only", "nope")


def test_housekeeping_reports_a_failing_task_and_runs_the_others(settings, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("tokens.services.token_send_expiry_reminders", broken)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 housekeeping task"):
        call_command("pat_housekeeping", stdout=out, stderr=err)
    assert "send_expiry_reminders: failed: RuntimeError: database on fire" in err.getvalue()
    assert "clear_ended_overlaps: 0" in out.getvalue()


def test_the_demo_gives_bob_a_token_that_expires_this_week(client):
    from tokens.demo import DEMO_TOKEN_DESCRIPTION

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    token = PersonalAccessToken.objects.get(description=DEMO_TOKEN_DESCRIPTION)
    assert token.user.username == "bob" and token.team.slug == "business-team"
    assert timedelta(days=4) < token.expires_at - timezone.now() <= timedelta(days=5)
    assert [address for address, _ in token.recent_address_list] == ["192.0.2.10", "2001:db8::7"]
    client.force_login(token.user)
    assert "expiry-banner" in client.get(reverse("pat-list")).content.decode()
    assert "1 expiry reminders sent" in _housekeeping()
    assert "0 expiry reminders sent" in _housekeeping()
    assert mail.outbox[0].to == ["bob@example.com"]
