import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_regardless_of_case():
    UserFactory(email="Alice@Example.com")
    with pytest.raises(IntegrityError):
        UserFactory(email="alice@example.com")


def test_name_prefers_display_name_then_full_name_then_username():
    user = UserFactory(username="jdoe", display_name="", first_name="", last_name="")
    assert user.name == "jdoe"
    user.first_name, user.last_name = "Jane", "Doe"
    assert user.name == "Jane Doe"
    user.display_name = "JD the Great"
    assert user.name == "JD the Great"


@pytest.mark.parametrize(
    ("display_name", "initials"),
    [("Alice Andersen", "AA"), ("carol", "CA"), ("Mary Jo Smith", "MS"), ("x", "X")],
)
def test_initials(display_name, initials):
    assert UserFactory.build(display_name=display_name).initials == initials


def test_user_model_is_the_custom_one():
    assert get_user_model()._meta.label == "accounts.User"
