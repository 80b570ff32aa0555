"""The API applications page's form. The services re-check everything (they are the rule)."""

from django import forms
from django.core.exceptions import ValidationError

from .services import NAME_MAX_LENGTH


class ApiApplicationForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_MAX_LENGTH,
        help_text="Users see this name when they authorize the application.",
    )
    description = forms.CharField(
        required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    redirect_uris = forms.CharField(
        label="Redirect URIs",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, matched exactly: https://…, or http://127.0.0.1:PORT/… for "
        "a script on the user's machine.",
    )
    client_type = forms.ChoiceField(
        label="Client type",
        choices=[
            ("confidential", "Confidential (a server that keeps a client secret)"),
            ("public", "Public (a script or app that cannot keep a secret; PKCE only)"),
        ],
        initial="confidential",
    )
    key_allowed = forms.BooleanField(
        label="Read-only key allowed",
        required=False,
        help_text="The application key alone (X-API-Key) may read the team's content as an "
        "anonymous member would see it; it never writes.",
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["client_type"]  # fixed at registration

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's field-keyed `ValidationError` next to its field."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)
