"""E-mails about personal access tokens: expiry reminders and leaked-code revocations.

Each is a text and an HTML body from `templates/tokens/emails/`, sent with Django's e-mail
API (`EMAIL_URL`: the console in development, SMTP in production). They name the token by
its description and team, never by its code, and link to the settings page on `SITE_URL`.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .models import PersonalAccessToken, TokenReminder

EXPIRY_SUBJECTS = {
    TokenReminder.Threshold.SEVEN_DAYS: 'Your {site} token "{description}" expires in 7 days',
    TokenReminder.Threshold.DAY_OF: 'Your {site} token "{description}" expires today',
}
LEAKED_SUBJECT = 'Your {site} token "{description}" was reported leaked and revoked'


def settings_page_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("pat-list")


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    context = {**context, "site_name": settings.SITE_NAME, "settings_url": settings_page_url()}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"tokens/emails/{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"tokens/emails/{template}.html", context), "text/html"
    )
    message.send()


def send_expiry_reminder(*, token: PersonalAccessToken, threshold: str) -> None:
    """Tell the token's owner it expires in 7 days, or today (`TokenReminder.Threshold`)."""
    subject = EXPIRY_SUBJECTS[threshold].format(
        site=settings.SITE_NAME, description=token.description
    )
    _send(
        to=token.user.email,
        subject=subject,
        template="expiry_reminder",
        context={
            "user": token.user,
            "token": token,
            "team": token.team,
            "day_of": threshold == TokenReminder.Threshold.DAY_OF,
        },
    )


def send_leaked_token_notices(notices: list[dict]) -> int:
    """Tell each owner that their token was reported leaked and is revoked: when, and from
    which address and User-Agent the report came. `notices` are made by
    `token_revoke_reported` (plain data: the tokens are gone). Returns how many were sent."""
    users = get_user_model().objects.in_bulk({notice["user_id"] for notice in notices})
    sent = 0
    for notice in notices:
        user = users.get(notice["user_id"])
        if user is None or not user.email:
            continue
        subject = LEAKED_SUBJECT.format(site=settings.SITE_NAME, description=notice["description"])
        _send(
            to=user.email,
            subject=subject,
            template="leaked_revoked",
            context={
                "user": user,
                "notice": notice,
                "reported_at": datetime.fromisoformat(notice["reported_at"]),
            },
        )
        sent += 1
    return sent


INACTIVE_SUBJECT = 'Your {site} token "{description}" was revoked: unused for {days} days'


def send_inactive_token_notice(notice: dict) -> bool:
    """Tell an owner their token was revoked by the team's inactivity rule. `notice` is
    plain data made by `token_revoke_inactive` (the token is gone). False if the owner has
    no address."""
    user = get_user_model().objects.filter(pk=notice["user_id"]).first()
    if user is None or not user.email:
        return False
    subject = INACTIVE_SUBJECT.format(
        site=settings.SITE_NAME, description=notice["description"], days=notice["days"]
    )
    last_used = notice.get("last_used_at")
    _send(
        to=user.email,
        subject=subject,
        template="inactive_revoked",
        context={
            "user": user,
            "notice": notice,
            "last_used_at": datetime.fromisoformat(last_used) if last_used else None,
        },
    )
    return True


NEW_ADDRESS_SUBJECT = 'Your {site} token "{description}" was used from a new address'


def send_new_address_alert(notice: dict) -> bool:
    """Tell an owner (who asked for it) that their token was used from an address not
    among its recent ones. `notice` is made by `token_alert_new_address`."""
    user = get_user_model().objects.filter(pk=notice["user_id"]).first()
    if user is None or not user.email or not user.token_address_alerts:
        return False
    _send(
        to=user.email,
        subject=NEW_ADDRESS_SUBJECT.format(
            site=settings.SITE_NAME, description=notice["description"]
        ),
        template="new_address",
        context={"user": user, "notice": notice, "seen": datetime.fromisoformat(notice["seen"])},
    )
    return True
