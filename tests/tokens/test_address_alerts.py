"""New-address alerts (issue 13 item 9): opt-in per user, sent from the once-a-minute
last-used write when a token is used from an address not among its recent ones, at most
once per token per day (a unique constraint decides)."""

import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient, APIRequestFactory

from tests.factories import TeamFactory, UserFactory, make_token
from tokens.authentication import PersonalAccessTokenAuthentication
from tokens.models import TokenAddressAlert, TokenEvent
from tokens.views import ALERTS_OFF_MESSAGE, ALERTS_ON_MESSAGE

pytestmark = pytest.mark.django_db

START = datetime(2031, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.com", token_address_alerts=True)


def _use(code, address):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    return client.get(reverse("api:me-token"), REMOTE_ADDR=address)


@pytest.fixture
def used(owner, frozen_now, django_capture_on_commit_callbacks):
    """Use a token from addresses at given minutes after START; return the e-mails sent."""
    token, code = make_token(user=owner, team=TeamFactory(), expires_in_days=None)

    def run(*calls):
        mail.outbox.clear()
        for minutes, address in calls:
            frozen_now(START + timedelta(minutes=minutes))
            with django_capture_on_commit_callbacks(execute=True):
                assert _use(code, address).status_code == HTTPStatus.OK
        return list(mail.outbox)

    run.token = token
    return run


def test_a_new_address_sends_one_email_naming_it(used):
    sent = used((0, "192.0.2.1"), (2, "198.51.100.7"))
    assert len(sent) == 1
    assert sent[0].to == ["owner@example.com"]
    assert "was used from a new address" in sent[0].subject
    assert "198.51.100.7" in sent[0].body and "192.0.2.1" in sent[0].body
    event = TokenEvent.objects.get(action=TokenEvent.Action.NEW_ADDRESS_ALERT)
    assert event.token_id == used.token.pk and event.ip == "198.51.100.7"


def test_the_first_use_and_known_addresses_send_nothing(used):
    assert used((0, "192.0.2.1"), (2, "192.0.2.1"), (4, "192.0.2.1")) == []


def test_at_most_one_email_per_token_per_day(used):
    sent = used((0, "192.0.2.1"), (2, "198.51.100.7"), (4, "203.0.113.9"), (6, "2001:db8::1"))
    assert len(sent) == 1
    assert TokenAddressAlert.objects.count() == 1
    # The next day, a new address alerts again.
    assert len(used((60 * 24, "203.0.113.200"))) == 1


def test_nothing_within_the_minute_between_two_writes(used):
    """Only the once-a-minute write looks at the address: no work on other requests."""
    assert used((0, "192.0.2.1"), (0.5, "198.51.100.7")) == []


def test_users_who_did_not_ask_get_nothing(used, owner):
    type(owner).objects.filter(pk=owner.pk).update(token_address_alerts=False)
    assert used((0, "192.0.2.1"), (2, "198.51.100.7")) == []
    assert not TokenAddressAlert.objects.exists()


def test_the_unique_constraint_decides_between_machines(owner):
    from django.db import IntegrityError, transaction

    token, _ = make_token(user=owner)
    TokenAddressAlert.objects.create(token=token, day=START.date(), address="192.0.2.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        TokenAddressAlert.objects.create(token=token, day=START.date(), address="192.0.2.2")


def test_a_request_between_writes_is_one_statement_with_alerts_on(
    owner, frozen_now, django_assert_num_queries
):
    _, code = make_token(user=owner, expires_in_days=None)
    frozen_now(START)
    assert _use(code, "192.0.2.1").status_code == HTTPStatus.OK
    frozen_now(START + timedelta(seconds=30))
    request = APIRequestFactory().get(
        "/api/v3/me/token", HTTP_AUTHORIZATION=f"Bearer {code}", REMOTE_ADDR="198.51.100.7"
    )
    with django_assert_num_queries(1):
        user, _ = PersonalAccessTokenAuthentication().authenticate(request)
    assert user == owner


def test_the_settings_checkbox(client, owner):
    client.force_login(owner)
    page = client.get(reverse("pat-list")).content.decode()
    assert re.search(r'id="id_token_address_alerts" checked', page)
    response = client.post(reverse("pat-alerts"), {}, follow=True)
    assert ALERTS_OFF_MESSAGE in response.content.decode()
    owner.refresh_from_db()
    assert owner.token_address_alerts is False
    response = client.post(reverse("pat-alerts"), {"token_address_alerts": "on"}, follow=True)
    assert ALERTS_ON_MESSAGE in response.content.decode()
    owner.refresh_from_db()
    assert owner.token_address_alerts is True
