"""Forms of the account pages."""

from django import forms

from .services import PROFILE_FIELD_MAX_LENGTH


class ProfileForm(forms.Form):
    """Job title and department, as the user sets them on the account settings page."""

    job_title = forms.CharField(
        label="Job title",
        required=False,
        max_length=PROFILE_FIELD_MAX_LENGTH,
        help_text="Shown with your name in the API (jobTitle). Optional.",
    )
    department = forms.CharField(
        label="Department",
        required=False,
        max_length=PROFILE_FIELD_MAX_LENGTH,
        help_text="Your organisational department. Optional.",
    )
