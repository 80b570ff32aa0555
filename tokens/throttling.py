"""Rate limits with Stack Internal API v3 semantics, shared by every worker and machine.

Two limits apply to each caller: a personal access token (per token), a signed-in browser
session (per user), or an anonymous request (per client address):

- **burst**: at most `BURST_CALLS` requests in a window of `BURST_SECONDS` that opens with
  the first request after the previous window closed;
- **token bucket**: a bucket of `BUCKET_SIZE` calls; each request takes one; every
  `REFILL_SECONDS` after the bucket stopped being full, `REFILL_CALLS` are put back, never
  more than `BUCKET_SIZE`.

A request is allowed when both limits have room; only allowed requests are counted. Every
API response carries the five `x-burst-throttle-*` / `x-token-bucket-*` headers that Stack's
own scripts read to slow down; a refused request is a 429 problem with `Retry-After`.

State lives in the Django cache. On Redis (production) one Lua script reads, advances and
writes a caller's state atomically in one round trip (`EVALSHA`), with Redis's own clock,
so any number of gunicorn workers and machines share one budget. On any other backend
(local memory for `make run`) the same arithmetic runs in Python under a process lock, which
is exact for one process. Nothing about limits is kept in a worker's memory, except while
the cache is out of reach:

When the cache is down or hung (the Redis client gives up after the socket timeouts in
`config/settings.py`, a few hundred milliseconds), limits fail open to this process's own
memory: the same arithmetic, per process, so one caller can get the limit once per worker
rather than none. A warning is logged at most once a minute per process, never a traceback
per request, and for `CACHE_RETRY_SECONDS` after a failure requests do not wait on the cache
again: one request then tries it, and when it answers, shared counting resumes.

A token's budget is named after its digest (`token_ident`), which is known before the
database has answered; so authentication sends the script to Redis first, runs its one SQL
statement while the script travels and runs, and reads Redis's reply after
(`rate_limit_send`, `PendingRateLimit.result`): the two round trips overlap instead of
adding up.
"""

import functools
import hashlib
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import BaseThrottle

from . import usage as usage_history

logger = logging.getLogger(__name__)

KEY_PREFIX = "pat-rate"
DEFAULT_RATE_LIMITS = {
    "BURST_CALLS": 50,
    "BURST_SECONDS": 2,
    "BUCKET_SIZE": 5000,
    "REFILL_CALLS": 100,
    "REFILL_SECONDS": 60,
    "CACHE": "default",
    # The API and the MCP endpoint (content/agents): one budget per token, whichever face.
    "PATH_PREFIX": ("/api/", "/mcp"),
}

BURST_CALLS_LEFT = "x-burst-throttle-calls-left"
BURST_SECONDS_UNTIL_FULL = "x-burst-throttle-seconds-until-full"
BUCKET_CALLS_LEFT = "x-token-bucket-calls-left"
BUCKET_SECONDS_UNTIL_FULL = "x-token-bucket-seconds-until-full"
BUCKET_SECONDS_UNTIL_NEXT_REFILL = "x-token-bucket-seconds-until-next-refill"
HEADERS = (
    BURST_CALLS_LEFT,
    BURST_SECONDS_UNTIL_FULL,
    BUCKET_CALLS_LEFT,
    BUCKET_SECONDS_UNTIL_FULL,
    BUCKET_SECONDS_UNTIL_NEXT_REFILL,
)


@dataclass(frozen=True)
class RateLimits:
    """The limits in force, in milliseconds (the unit the state is kept in)."""

    burst_calls: int
    burst_ms: int
    bucket_size: int
    refill_calls: int
    refill_ms: int

    @classmethod
    def from_settings(cls, config: dict | None = None) -> "RateLimits":
        config = config if config is not None else rate_limit_settings()
        return cls(
            burst_calls=int(config["BURST_CALLS"]),
            burst_ms=int(config["BURST_SECONDS"] * 1000),
            bucket_size=int(config["BUCKET_SIZE"]),
            refill_calls=int(config["REFILL_CALLS"]),
            refill_ms=int(config["REFILL_SECONDS"] * 1000),
        )


def rate_limit_settings() -> dict:
    return {**DEFAULT_RATE_LIMITS, **getattr(settings, "PAT_RATE_LIMITS", {})}


def _seconds(ms: int) -> int:
    return max(0, math.ceil(ms / 1000))


@dataclass(frozen=True)
class RateLimitState:
    """One caller's state right after a request was counted (or refused)."""

    allowed: bool
    now: int  # ms
    window_start: int  # ms: when the current burst window opened
    window_count: int  # requests counted in it
    bucket: int  # calls left in the bucket
    refilled_at: int  # ms: the refill clock (the last refill, or when the bucket was full)
    limits: RateLimits

    @property
    def burst_ms_left(self) -> int:
        return self.window_start + self.limits.burst_ms - self.now

    @property
    def next_refill_ms(self) -> int:
        if self.bucket >= self.limits.bucket_size:
            return 0
        return self.refilled_at + self.limits.refill_ms - self.now

    @property
    def until_full_ms(self) -> int:
        missing = self.limits.bucket_size - self.bucket
        if missing <= 0:
            return 0
        refills = math.ceil(missing / self.limits.refill_calls)
        return self.next_refill_ms + (refills - 1) * self.limits.refill_ms

    def headers(self) -> dict[str, str]:
        return {
            BURST_CALLS_LEFT: str(max(0, self.limits.burst_calls - self.window_count)),
            BURST_SECONDS_UNTIL_FULL: str(_seconds(self.burst_ms_left)),
            BUCKET_CALLS_LEFT: str(self.bucket),
            BUCKET_SECONDS_UNTIL_FULL: str(_seconds(self.until_full_ms)),
            BUCKET_SECONDS_UNTIL_NEXT_REFILL: str(_seconds(self.next_refill_ms)),
        }

    @property
    def retry_after(self) -> int:
        """Whole seconds until a refused request would be allowed (0 when it was allowed)."""
        if self.allowed:
            return 0
        waits = []
        if self.window_count >= self.limits.burst_calls:
            waits.append(self.burst_ms_left)
        if self.bucket < 1:
            waits.append(self.next_refill_ms)
        return max(1, _seconds(max(waits, default=0)))


def advance(state: tuple | None, now: int, limits: RateLimits) -> tuple[bool, tuple]:
    """The arithmetic, in Python: (allowed, new state) from a state (window_start,
    window_count, bucket, refilled_at) or None. `_LUA` below is the same, line for line."""
    if state is None:
        window_start, window_count, bucket, refilled_at = now, 0, limits.bucket_size, now
    else:
        window_start, window_count, bucket, refilled_at = state
    if now >= window_start + limits.burst_ms or now < window_start:
        window_start, window_count = now, 0
    if bucket < limits.bucket_size and now > refilled_at:
        refills = (now - refilled_at) // limits.refill_ms
        if refills > 0:
            bucket = min(limits.bucket_size, bucket + refills * limits.refill_calls)
            refilled_at += refills * limits.refill_ms
    if bucket >= limits.bucket_size:
        bucket, refilled_at = limits.bucket_size, now  # a full bucket's refill clock waits
    allowed = window_count < limits.burst_calls and bucket >= 1
    if allowed:
        window_count += 1
        bucket -= 1
    return allowed, (window_start, window_count, bucket, refilled_at)


def _ttl_ms(state: tuple, now: int, limits: RateLimits) -> int:
    """How long a state matters: after that, a fresh (full) state is the same thing."""
    _, _, bucket, refilled_at = state
    ttl = limits.burst_ms
    if bucket < limits.bucket_size:
        refills = math.ceil((limits.bucket_size - bucket) / limits.refill_calls)
        ttl = max(ttl, refilled_at - now + refills * limits.refill_ms)
    return ttl + 1000


# KEYS[1]: the caller's key. ARGV: now in ms ("" = Redis's clock), burst calls, burst ms,
# bucket size, refill calls, refill ms. Returns {allowed, now, window_start, window_count,
# bucket, refilled_at}. All values are integers of milliseconds or calls.
_LUA = """
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local burst_calls, burst_ms = tonumber(ARGV[2]), tonumber(ARGV[3])
local size, refill_calls, refill_ms = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local s = redis.call('HMGET', KEYS[1], 'ws', 'wc', 'b', 'r')
local ws, wc, b, r = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
if not ws or not wc or not b or not r then ws, wc, b, r = now, 0, size, now end
if now >= ws + burst_ms or now < ws then ws, wc = now, 0 end
if b < size and now > r then
  local refills = math.floor((now - r) / refill_ms)
  if refills > 0 then
    b = math.min(size, b + refills * refill_calls)
    r = r + refills * refill_ms
  end
end
if b >= size then b, r = size, now end
local allowed = 0
if wc < burst_calls and b >= 1 then
  allowed = 1
  wc = wc + 1
  b = b - 1
end
redis.call('HSET', KEYS[1], 'ws', ws, 'wc', wc, 'b', b, 'r', r)
local ttl = burst_ms
if b < size then ttl = math.max(ttl, r - now + math.ceil((size - b) / refill_calls) * refill_ms) end
redis.call('PEXPIRE', KEYS[1], ttl + 1000)
-- Usage history (tokens/usage.py), in the same round trip. KEYS[2]: the day's usage hash,
-- ARGV[7]: this token's field in it, ARGV[8]: the hash's TTL (s). KEYS[3..]: endpoint sets
-- of requests that finished earlier in this process, ARGV[9]: their TTL (s), ARGV[10]: how
-- many members each keeps, then a (member, score) pair per set.
if KEYS[2] then
  if allowed == 1 and ARGV[7] ~= '' then
    redis.call('HINCRBY', KEYS[2], ARGV[7], 1)
    redis.call('EXPIRE', KEYS[2], tonumber(ARGV[8]))
  end
  local keep = tonumber(ARGV[10])
  for i = 3, #KEYS do
    local at = 11 + (i - 3) * 2
    redis.call('ZADD', KEYS[i], tonumber(ARGV[at + 1]), ARGV[at])
    redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(keep + 1))
    redis.call('EXPIRE', KEYS[i], tonumber(ARGV[9]))
  end
end
return {allowed, now, ws, wc, b, r}
"""

_lock = threading.Lock()


def _redis_script(cache: RedisCache):
    """The raw client and the registered script, made once per cache object.

    Django's `get_client()` builds a new `redis.Redis` around its pool on every call (a
    few hundred microseconds of setting up response callbacks); the client is thread-safe
    and the pool is shared, so one is kept. Writes always go to the first (primary) server.
    The script's SHA-1 is computed locally: calls are EVALSHA, with one SCRIPT LOAD the
    first time a Redis server has not seen it (after a restart, for example).
    """
    found = getattr(cache, "_pat_rate_limit_script", None)
    if found is None:
        client = cache._cache.get_client(None, write=True)
        found = cache._pat_rate_limit_script = (client, client.register_script(_LUA))
    return found


def _bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


@functools.lru_cache(maxsize=16)
def _packed_parts(sha: str, limits: RateLimits) -> tuple[bytes, bytes]:
    """The EVALSHA command in Redis's wire format, but for the argument count, the keys and
    the clock: the parts that are the same on every request are encoded once, not per
    request."""
    head = _bulk(b"EVALSHA") + _bulk(sha.encode())
    tail = b"".join(
        _bulk(str(value).encode())
        for value in (
            limits.burst_calls,
            limits.burst_ms,
            limits.bucket_size,
            limits.refill_calls,
            limits.refill_ms,
        )
    )
    return head, tail


class _HeldConnection:
    """One Redis connection kept by a cache object for the rate limit.

    Django's cache objects are per thread, and a thread serves one request at a time, so
    one connection is enough; keeping it skips the pool's bookkeeping (taking and giving
    back a connection, with redis-py's metrics and events) on every request. It is made
    with the pool's own settings (address, timeouts, TLS). After any error it is
    disconnected, and the next command connects again.
    """

    def __init__(self, pool):
        self.connection = pool.connection_class(**pool.connection_kwargs)
        self.pid = os.getpid()
        self.busy = False


def _held_connection(cache: RedisCache, client):
    held = getattr(cache, "_pat_rate_limit_connection", None)
    if held is None or held.pid != os.getpid():  # none yet, or made before a fork
        held = cache._pat_rate_limit_connection = _HeldConnection(client.connection_pool)
    return held


def _consume_on_redis(cache: RedisCache, key: str, now: int | None, limits: RateLimits, usage=None):
    """Send the script now and return a function that reads its reply later.

    `usage` (`tokens.usage.UsageWrites`), when given, adds the usage counting's keys and
    arguments to the same command (see `_LUA`).

    The command is written on the connection this cache object keeps for the rate limit,
    and the reply is read only when the caller asks, so the round trip to Redis runs while
    the caller does something else (authentication runs its database statement in
    between). If anything fails in between, the connection is dropped, so no later
    command can read this one's reply. A Redis server that lost the script (after a
    restart) answers NOSCRIPT; it is then loaded and run the ordinary way, once.
    """
    from redis.exceptions import NoScriptError

    client, script = _redis_script(cache)
    held = _held_connection(cache, client)
    if held.busy:  # a reply still unread on it: never interleave two (not expected)
        held = _HeldConnection(client.connection_pool)
    connection = held.connection
    head, tail = _packed_parts(script.sha, limits)
    clock = b"" if now is None else str(now).encode()
    keys, extra = [key.encode()], []
    if usage is not None:
        keys += usage.keys
        extra = usage.args
    command = b"".join(
        [
            b"*%d\r\n" % (3 + len(keys) + 6 + len(extra)),
            head,
            _bulk(str(len(keys)).encode()),
            *(_bulk(k) for k in keys),
            _bulk(clock),
            tail,
            *(_bulk(a) for a in extra),
        ]
    )
    try:
        connection.send_packed_command([command])
    except BaseException:
        connection.disconnect()
        raise
    held.busy = True

    def read_reply() -> tuple[bool, int, tuple]:
        try:
            reply = connection.read_response()
        except NoScriptError:
            reply = None
        except BaseException:
            connection.disconnect()  # its reply may still be on the way: never reuse it
            raise
        finally:
            held.busy = False
        if reply is None:
            args = [clock.decode(), limits.burst_calls, limits.burst_ms, limits.bucket_size]
            args += [limits.refill_calls, limits.refill_ms, *extra]
            reply = script(keys=keys, args=args, client=client)
        allowed, now_ms, *state = (int(value) for value in reply)
        return bool(allowed), now_ms, tuple(state)

    return read_reply


def _consume_locally(cache, key: str, now: int | None, limits: RateLimits):
    now = int(time.time() * 1000) if now is None else now
    with _lock:
        allowed, state = advance(cache.get(key), now, limits)
        cache.set(key, state, timeout=_ttl_ms(state, now, limits) / 1000)
    return allowed, now, state


# --- When the cache is out of reach -------------------------------------------------------
CACHE_RETRY_SECONDS = 5  # after a failure, how long requests skip the cache before one retries
WARNING_INTERVAL_SECONDS = 60
CACHE_UNAVAILABLE_WARNING = (
    "rate-limit cache %r unavailable (%s); counting in this process's memory until it is back"
)
CACHE_BACK_MESSAGE = "rate-limit cache %r is back; counting in it again"

# This process's limiter: what the shared cache does, for one process, while it is away.
_fallback_cache = LocMemCache("pat-rate-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_outage_lock = threading.Lock()
_down_until: dict[str, float] = {}  # cache alias -> monotonic time before which it is skipped
_last_warning: dict[str, float] = {}  # cache alias -> monotonic time of the last warning
_monotonic = time.monotonic  # tests move it


def _cache_skipped(alias: str) -> bool:
    """True while `alias` failed less than CACHE_RETRY_SECONDS ago: don't wait on it."""
    return _monotonic() < _down_until.get(alias, 0.0)


def _cache_failed(alias: str, exc: Exception) -> None:
    """Remember the failure; warn once a minute at most (one line, no traceback)."""
    now = _monotonic()
    with _outage_lock:
        _down_until[alias] = now + CACHE_RETRY_SECONDS
        last = _last_warning.get(alias)
        if last is not None and now - last < WARNING_INTERVAL_SECONDS:
            return
        _last_warning[alias] = now
    logger.warning(CACHE_UNAVAILABLE_WARNING, alias, f"{type(exc).__name__}: {exc}")


def _cache_answered(alias: str) -> None:
    if alias in _down_until:
        with _outage_lock:
            was_down = _down_until.pop(alias, None) is not None
        if was_down:
            logger.info(CACHE_BACK_MESSAGE, alias)


class PendingRateLimit:
    """A request's charge, sent to the store; `result()` waits for the answer.

    On Redis the script is already on its way when this is made, and `result()` reads its
    reply (once; later calls return the same state). On other backends, and while the
    cache is out of reach, the charge was made at once. If reading the reply fails, the
    request is counted in this process's memory instead (see the module docstring).
    Whoever makes one must call `result()`, even on an error path: that is what gives the
    Redis connection back to the pool.
    """

    def __init__(self, limits: RateLimits, read_reply, *, alias: str, key: str, now_ms):
        self.limits = limits
        self._read_reply = read_reply
        self._alias, self._key, self._now_ms = alias, key, now_ms
        self._state: RateLimitState | None = None

    def result(self) -> RateLimitState | None:
        read_reply, self._read_reply = self._read_reply, None
        if read_reply is None:
            return self._state
        try:
            allowed, now_ms, state = read_reply()
        except Exception as exc:  # a cache outage must not take the API down
            _cache_failed(self._alias, exc)
            allowed, now_ms, state = _consume_locally(
                _fallback_cache, self._key, self._now_ms, self.limits
            )
        else:
            _cache_answered(self._alias)
        window_start, window_count, bucket, refilled_at = state
        self._state = RateLimitState(
            allowed=allowed,
            now=now_ms,
            window_start=window_start,
            window_count=window_count,
            bucket=bucket,
            refilled_at=refilled_at,
            limits=self.limits,
        )
        return self._state


def rate_limit_send(
    *, ident: str, now: float | None = None, limits: RateLimits | None = None
) -> PendingRateLimit:
    """Start counting one request for `ident`; `.result()` is the state after it.

    `now` (seconds) is for tests; by default Redis's clock is used (one clock for all
    machines), or this process's on other cache backends. `limits` other than the API's
    are for other budgets (the credential revocation endpoint's, per address). A token's
    request is also counted in its usage history, in the same round trip
    (`tokens/usage.py`); other budgets count no usage.
    """

    config = rate_limit_settings()
    limits = limits or RateLimits.from_settings(config)
    alias = config["CACHE"]
    key = f"{KEY_PREFIX}:{ident}"
    now_ms = None if now is None else round(now * 1000)
    read_reply = None
    if not _cache_skipped(alias):
        cache = caches[alias]
        try:
            if isinstance(cache, RedisCache):
                # The script talks to Redis directly, so it needs the cache's full key name.
                writes = usage_history.redis_writes(cache, ident=ident, limits=limits)
                read_reply = _consume_on_redis(
                    cache, cache.make_key(key), now_ms, limits, usage=writes
                )
            else:
                done = _consume_locally(cache, key, now_ms, limits)
                if done[0]:
                    usage_history.count_locally(cache, ident=ident, limits=limits)
                read_reply = lambda: done  # noqa: E731
        except Exception as exc:  # a cache outage must not take the API down
            _cache_failed(alias, exc)
    if read_reply is None:
        done = _consume_locally(_fallback_cache, key, now_ms, limits)
        read_reply = lambda: done  # noqa: E731
    return PendingRateLimit(limits, read_reply, alias=alias, key=key, now_ms=now_ms)


def rate_limit_consume(
    *, ident: str, now: float | None = None, limits: RateLimits | None = None
) -> RateLimitState | None:
    """Count one request for `ident` and return the state after it (allowed or not); in
    this process's memory while the cache is out of reach (see `rate_limit_send`)."""
    return rate_limit_send(ident=ident, now=now, limits=limits).result()


def token_ident(digest: str) -> str:
    """Whose budget a personal access token spends: a name derived from its digest.

    Known before the database answers, so authentication can send the charge to Redis
    first and run its statement while the charge travels. The whole digest goes in (a
    prefix of the code would let anyone who knows a token's prefix forge well-formed codes
    that spend its budget); SHA-256 of it, so that Redis never holds the value the tokens
    table is searched by. A regenerated token gets a new digest and keeps its budget
    (`rate_limit_copy`).
    """
    return "token:" + hashlib.sha256(b"teamstack-rate-limit:" + digest.encode()).hexdigest()[:32]


def rate_limit_copy(*, source: str, target: str) -> None:
    """Give `target` the budget state of `source` (a regenerated token keeps its budget)."""
    config = rate_limit_settings()
    cache = caches[config["CACHE"]]
    source_key, target_key = f"{KEY_PREFIX}:{source}", f"{KEY_PREFIX}:{target}"
    try:
        if isinstance(cache, RedisCache):
            client, _ = _redis_script(cache)
            client.copy(cache.make_key(source_key), cache.make_key(target_key), replace=True)
            return
        state = cache.get(source_key)
        if state is not None:
            limits = RateLimits.from_settings(config)
            # Longest a state can matter: a burst window, then refilling an empty bucket.
            refills = math.ceil(limits.bucket_size / limits.refill_calls)
            longest_ms = limits.burst_ms + refills * limits.refill_ms + 1000
            cache.set(target_key, state, timeout=longest_ms / 1000)
    except Exception:  # the new code simply starts with a full budget
        logger.warning("rate limit state not copied", exc_info=True)


def request_ident(request) -> str:
    """Whose budget a request spends: its token's, its session user's, or its address's.

    Works on a DRF request and on the Django request under it (DRF sets `user` and `auth`
    on both). The address is `tokens.addresses.client_address`'s (REMOTE_ADDR, or behind
    trusted proxies the X-Forwarded-For entry they vouch for).
    """
    from .addresses import client_address
    from .models import PersonalAccessToken

    token = getattr(request, "auth", None)
    if isinstance(token, PersonalAccessToken):
        return token_ident(token.digest)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_address(request) or ''}"


class PersonalAccessTokenRateThrottle(BaseThrottle):
    """DRF throttle: count the request against its caller's budget, refuse it when spent.

    Leaves the state on the Django request (`request.rate_limit`) for
    `RateLimitHeadersMiddleware`. `timer` (seconds, like DRF's throttles) is None to use
    the store's clock; tests set it to a fake clock.
    """

    timer: Callable[[], float] | None = None

    def allow_request(self, request, view) -> bool:
        self.state = rate_limit_charge(request, timer=type(self).timer)
        return self.state is None or self.state.allowed

    def wait(self) -> int | None:
        return None if self.state is None else self.state.retry_after


def rate_limit_charge(request, *, timer=None) -> RateLimitState | None:
    """Count `request` once, and remember the result on the (Django) request."""
    django_request = getattr(request, "_request", request)
    state = getattr(django_request, "rate_limit", _UNCOUNTED)
    if state is _UNCOUNTED:
        state = rate_limit_consume(ident=request_ident(request), now=timer() if timer else None)
        django_request.rate_limit = state
    return state


def rate_limit_prepay(request, *, ident: str) -> PendingRateLimit | None:
    """Send `request`'s charge for `ident` now, before it is known whether `ident` is the
    caller; None when the request is not rate-limited (outside PATH_PREFIX) or was counted.

    Authentication calls this with the token's ident before its database statement, and
    `rate_limit_keep` once the token proved valid. A request whose token turns out invalid
    keeps nothing: it is counted against its address as any unauthenticated request, and
    the charge sent for the unknown token lands on a budget nobody owns (expiring in a
    minute), never on another token's.
    """
    django_request = getattr(request, "_request", request)
    if getattr(django_request, "rate_limit", _UNCOUNTED) is not _UNCOUNTED:
        return None
    if not django_request.path_info.startswith(rate_limit_settings()["PATH_PREFIX"]):
        return None
    timer = PersonalAccessTokenRateThrottle.timer
    return rate_limit_send(ident=ident, now=timer() if timer else None)


def rate_limit_keep(request, pending: PendingRateLimit) -> None:
    """Record a prepaid charge as `request`'s count (see `rate_limit_prepay`)."""
    getattr(request, "_request", request).rate_limit = pending.result()


_UNCOUNTED = object()


class RateLimitHeadersMiddleware:
    """Put the rate-limit headers on every API response, success or error.

    DRF runs throttles after authentication and permissions, so a request refused before
    them (401, 403, 404, 400 "team required") was not counted yet: it is counted here,
    against its token, user or address, so that every API request spends its budget once.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = rate_limit_settings()["PATH_PREFIX"]

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.prefix):
            state = rate_limit_charge(request, timer=PersonalAccessTokenRateThrottle.timer)
            if state is not None:
                for name, value in state.headers().items():
                    response[name] = value
            # The endpoint and status class of a token's request, for its usage history:
            # kept in this process and sent with the next request's round trip
            # (tokens/usage.py says why), never a round trip of its own.
            usage_history.endpoint_record(request, response)
        return response


QUOTA_KEY_PREFIX = "api-quota"


def daily_quota_consume(*, ident: str, quota: int, now: float | None = None) -> int:
    """Count one call against `ident`'s quota of the current UTC day; return what is left
    (never below 0). This is API v2.3's `quota_max`/`quota_remaining`: informative, as on
    Stack Exchange, where the limits that refuse calls are the burst and bucket above.

    One atomic `INCR` on the shared cache (a day's counter expires with the day), so every
    worker and machine counts into one total; in this process's memory while the cache
    cannot be reached (as the rate limits above).
    """
    config = rate_limit_settings()
    alias = config["CACHE"]
    now = time.time() if now is None else now
    day = int(now // 86_400)
    key = f"{QUOTA_KEY_PREFIX}:{day}:{ident}"
    timeout = 86_400 - int(now % 86_400) + 60
    used = None
    if not _cache_skipped(alias):
        try:
            used = _count(caches[alias], key, timeout)
        except Exception as exc:  # a cache outage must not take the API down
            _cache_failed(alias, exc)
        else:
            _cache_answered(alias)
    if used is None:
        with _lock:
            used = _count(_fallback_cache, key, timeout)
    return max(0, quota - used)


def _count(cache, key: str, timeout: int) -> int:
    # The first call of the day creates the counter (expiring with the day), others add.
    created = cache.add(key, 1, timeout=timeout)
    return 1 if created else cache.incr(key)
