"""One post per form, however many times it is sent (a double click, a reload of the
POST, a retry after a slow answer).

A form that creates something carries a one-time key (`submission_key_new()`, a random
token put in a hidden field when the form is first shown and kept while it is corrected
or previewed). The write runs inside `submission_once(user=…, key=…)`:

- the first request with a key takes it in the shared cache (`cache.add`, atomic on
  Redis) and, when its write succeeds, stores what it made (`claim.done(result)`); if the
  write fails (a validation error), the key is released so the corrected form can be
  sent again;
- a second request with the same key does not write: it raises `DuplicateSubmission`
  carrying the first request's result, waiting up to `WAIT_SECONDS` for it when the first
  is still running (a double click sends both at once, and the browser shows the answer
  to the second), so the face can show what the first one made. If the first one fails
  meanwhile, the second takes the key and writes.

Keys are per user and live `WINDOW_SECONDS`. With several processes, the cache must be
shared (Redis, `CACHE_URL`), as for the rate limits.
"""

import hashlib
import re
import secrets
import time
from contextlib import contextmanager

from django.core.cache import cache

WINDOW_SECONDS = 60 * 60
WAIT_SECONDS = 5.0
_POLL_SECONDS = 0.05
_PENDING = "pending"
_KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


class DuplicateSubmission(Exception):
    """This form was already sent. `result` is what the first request stored with
    `claim.done()`, or None if it is still running after `WAIT_SECONDS`."""

    def __init__(self, result=None):
        super().__init__("This form was already submitted.")
        self.result = result


class _Claim:
    def __init__(self, cache_key: str | None):
        self.cache_key = cache_key

    def done(self, result) -> None:
        """Store what the write made (an id), for a duplicate to find."""
        if self.cache_key is not None:
            cache.set(self.cache_key, result, timeout=WINDOW_SECONDS)


def submission_key_new() -> str:
    return secrets.token_urlsafe(18)


def submission_key_valid(key: str) -> bool:
    return bool(key) and _KEY_SHAPE.fullmatch(key) is not None


@contextmanager
def submission_once(*, user, key: str, scope: str, content: str = ""):
    """Run the block once per (`user`, `scope`, `key`, `content`); see the module
    docstring. `scope` names the form ("ask:<team id>", "answer:<question id>", …);
    `content` is what is posted: a form shown once and sent twice with *different* text
    (sent, then Back, edited and sent again) is two posts, not a duplicate."""
    digest = hashlib.sha256(content.encode()).hexdigest()[:32]
    cache_key = f"submission:{user.pk}:{scope}:{key}:{digest}"
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(cache_key, _PENDING, timeout=WINDOW_SECONDS):
        value = cache.get(cache_key)
        if value is None:
            continue  # the first request failed and let the key go: this one may write
        if value != _PENDING:
            raise DuplicateSubmission(value)
        if time.monotonic() >= deadline:
            raise DuplicateSubmission(None)
        time.sleep(_POLL_SECONDS)
    claim = _Claim(cache_key)
    try:
        yield claim
    except BaseException:
        cache.delete(cache_key)
        raise
