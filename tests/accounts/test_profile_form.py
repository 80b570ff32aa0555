"""The job title and department form of the account settings page, and the admin's
external id."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.services import PROFILE_FIELD_CONTROL_MESSAGE, user_profile_update
from accounts.views import PROFILE_SAVED_MESSAGE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    user = UserFactory(job_title="Old title")
    client.force_login(user)
    return client, user


def test_settings_page_shows_the_form_with_current_values(signed_in):
    client, _ = signed_in
    response = client.get(reverse("account-settings"))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert 'id="profile-form"' in body
    assert 'value="Old title"' in body
    assert "csrfmiddlewaretoken" in body


def test_saving_updates_the_profile_and_says_so(signed_in):
    client, user = signed_in
    response = client.post(
        reverse("account-settings"),
        {"job_title": "  Staff Engineer ", "department": "Platform"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("account-settings"), HTTPStatus.FOUND)]
    assert PROFILE_SAVED_MESSAGE in response.content.decode()
    user.refresh_from_db()
    assert (user.job_title, user.department) == ("Staff Engineer", "Platform")
    client.post(reverse("account-settings"), {"job_title": "", "department": ""})
    user.refresh_from_db()
    assert (user.job_title, user.department) == ("", "")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"job_title": "x" * 101, "department": ""}, "job_title", "at most 100 characters"),
        ({"job_title": "", "department": "a\tb"}, "department", PROFILE_FIELD_CONTROL_MESSAGE),
    ],
)
def test_invalid_values_show_errors_next_to_the_field(signed_in, data, field, message):
    client, user = signed_in
    response = client.post(reverse("account-settings"), data)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body
    assert message in body
    user.refresh_from_db()
    assert user.job_title == "Old title"


def test_the_form_needs_csrf(signed_in):
    from django.test import Client

    _, user = signed_in
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post(reverse("account-settings"), {"job_title": "X", "department": ""})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_form_cannot_set_the_external_id(signed_in):
    client, user = signed_in
    client.post(
        reverse("account-settings"),
        {"job_title": "", "department": "", "external_id": "mine"},
    )
    user.refresh_from_db()
    assert user.external_id is None


def test_service_trims_and_validates():
    user = UserFactory()
    user_profile_update(user=user, job_title=" Dev ", department="R&D")
    user.refresh_from_db()
    assert (user.job_title, user.department) == ("Dev", "R&D")


def test_staff_set_a_unique_external_id_in_the_admin(admin_client):
    first, second = UserFactory(), UserFactory()
    change = reverse("admin:accounts_user_change", args=[first.pk])
    page = admin_client.get(change)
    assert b'name="external_id"' in page.content
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "external_id": "ext-1",
            "date_joined_0": first.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": first.date_joined.strftime("%H:%M:%S"),
            "groups": [],
            "user_permissions": [],
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = admin_client.post(change, data)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    first.refresh_from_db()
    assert first.external_id == "ext-1"
    second.external_id = None
    second.save()  # several users without an external id are fine
    data_second = dict(data, username=second.username, email=second.email)
    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[second.pk]), data_second
    )
    assert response.status_code == HTTPStatus.OK  # the form is shown again, with an error
    assert "external_id" in response.context["adminform"].form.errors
