"""Background work on API applications' OAuth tokens (a housekeeping task, see tokens/tasks.py)."""

from celery import shared_task
from oauth2_provider.models import clear_expired, get_access_token_model, get_grant_model


@shared_task
def clear_expired_oauth_tokens() -> str:
    """The toolkit's `cleartokens`: delete expired authorization codes, and expired access
    tokens that no refresh token can renew (a refresh token stays until it is used or
    revoked). Idempotent and safe on several machines."""
    models = (get_access_token_model(), get_grant_model())
    before = sum(model.objects.count() for model in models)
    clear_expired()
    after = sum(model.objects.count() for model in models)
    return f"{max(0, before - after)} expired OAuth tokens and codes cleared"
