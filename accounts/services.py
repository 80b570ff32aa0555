"""Writes of a user's own account."""

from django.core.exceptions import ValidationError

from .models import User

PROFILE_FIELD_MAX_LENGTH = 100
PROFILE_FIELD_TOO_LONG_MESSAGE = f"At most {PROFILE_FIELD_MAX_LENGTH} characters."
PROFILE_FIELD_CONTROL_MESSAGE = "Use one line of printable text."


def _clean(value: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > PROFILE_FIELD_MAX_LENGTH:
        raise ValidationError({field: [PROFILE_FIELD_TOO_LONG_MESSAGE]})
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValidationError({field: [PROFILE_FIELD_CONTROL_MESSAGE]})
    return value


def user_profile_update(*, user: User, job_title: str, department: str) -> User:
    """Set the user's job title and department (trimmed; blank clears them). Shown in the
    API's user shapes (`jobTitle`, `department`). The external id is not the user's to
    change: staff set it in the admin."""
    user.job_title = _clean(job_title, "job_title")
    user.department = _clean(department, "department")
    user.save(update_fields=["job_title", "department"])
    return user
