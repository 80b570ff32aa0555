from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_renders_our_template(client):
    response = client.get(reverse("login"))
    assert response.status_code == HTTPStatus.OK
    assert "registration/login.html" in [t.name for t in response.templates]
    assert b"Log in" in response.content


def test_login_then_header_shows_initials_and_menu_then_logout(client):
    user = UserFactory(username="alice", display_name="Alice Andersen")
    response = client.post(
        reverse("login"), {"username": "alice", "password": DEFAULT_PASSWORD}, follow=True
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["user"] == user
    body = response.content.decode()
    assert ">AA<" in body
    assert "Account settings" in body
    assert "Log out" in body

    response = client.post(reverse("logout"), follow=True)
    assert not response.context["user"].is_authenticated


def test_wrong_password_shows_an_error(client):
    UserFactory(username="alice")
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == HTTPStatus.OK
    assert b"Please enter a correct username and password" in response.content


def test_account_settings_requires_login(client):
    url = reverse("account-settings")
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_account_settings_shows_profile(client):
    user = UserFactory(email="zed@example.com")
    client.force_login(user)
    response = client.get(reverse("account-settings"))
    assert response.status_code == HTTPStatus.OK
    assert b"zed@example.com" in response.content


def test_admin_lists_users_for_staff(admin_client):
    UserFactory(username="findme")
    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "findme"})
    assert response.status_code == HTTPStatus.OK
    assert b"findme" in response.content
