"""Background work on personal access tokens, as Celery tasks.

In production Celery beat runs the housekeeping tasks on the schedule in
`settings.HOUSEKEEPING_TASKS` and workers run them (docs/DEPLOYMENT.md); without a broker
(`make run`, the tests) tasks run in the calling process, and `manage.py pat_housekeeping`
runs every housekeeping task once (for cron, or by hand). Each task is a thin wrapper around
a service, is idempotent, and is safe to run on several machines at once: a unique
constraint or a conditional UPDATE decides who does each piece of work, not timing. Each
returns a short summary (what `pat_housekeeping` prints).
"""

from celery import shared_task

from . import services
from .notifications import send_leaked_token_notices, send_new_address_alert


@shared_task
def send_expiry_reminders() -> str:
    """The 7-day and on-the-day expiry reminders that are due (once each)."""
    return f"{services.token_send_expiry_reminders()} expiry reminders sent"


@shared_task
def clear_ended_overlaps() -> str:
    """Forget replaced codes whose overlap window has closed."""
    return f"{services.token_clear_ended_overlaps()} ended overlap windows cleared"


@shared_task
def notify_leaked_token_owners(notices: list[dict]) -> str:
    """E-mail the owners of tokens just revoked as leaked (queued by the revocation)."""
    return f"{send_leaked_token_notices(notices)} leaked-token notices sent"


@shared_task
def apply_team_policies() -> str:
    """Tighten tokens to their team's policy and plan: shorten lifetimes past the longest
    allowed, and revoke tokens unused past the inactivity limit (with an e-mail)."""
    shortened = services.token_shorten_to_policy()
    revoked = services.token_revoke_inactive()
    return f"{shortened} token lifetimes shortened, {revoked} unused tokens revoked"


@shared_task
def notify_new_address(notice: dict) -> str:
    """E-mail an owner that their token was used from a new address (queued by
    authentication's once-a-minute write, at most once per token per day)."""
    return f"{int(send_new_address_alert(notice))} new-address alerts sent"


@shared_task
def roll_up_usage() -> str:
    """Copy the usage counters (requests per day, latest endpoints) into PostgreSQL."""
    return f"{services.token_usage_roll_up()} token-days of usage rolled up"
