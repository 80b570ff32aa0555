"""Usage history of personal access tokens: requests per day, and the latest endpoints with
the status class of their answers. No database write per request.

**Requests per day** are counted where each request is already charged: the rate limiter's
one round trip to Redis (`tokens/throttling.py`). Its Lua script also does `HINCRBY` on the
day's hash (`pat-usage:<day>`, field: the token's rate-limit ident) when the request is
allowed. Without Redis the count goes to the same cache as the limits (this process's
memory). While the cache is out of reach nothing is counted (the history may lose what
Redis may lose: ARCHITECTURE.md's rule for Redis).

**Endpoints and status classes** are only known after the view has answered, and by then
the request's round trip to Redis is over. `RateLimitHeadersMiddleware` could send them
itself, but that would be a second round trip on every request. So the middleware only
appends "METHOD /route 2xx" to a small buffer in this process (`endpoint_record`), and the
next request's rate-limit command carries the buffered entries along (`redis_writes`: more
keys and arguments to the same EVALSHA: `ZADD`, trimmed to the latest 20 per token). What
a process holds when it stops (at most `BUFFER_MAX` entries) is lost; nothing else depends
on it. Without Redis the entry is stored at once (no round trip to save).

**Roll-up** (`token_usage_roll_up` in the services, the `roll_up_usage` task, every few
minutes) copies the counters of today and yesterday and the endpoint sets into PostgreSQL
(`TokenUsageDay`, `TokenEndpointUse`). The counters are running totals, so the roll-up
writes them (never adds them): running it twice, or on two machines at once, writes the
same rows, and an upsert keeps the greater of the stored and the new value. Which token a
counter belongs to: the counters are keyed by the rate-limit ident (derived from the
digest, known before the database answers), so the roll-up derives the idents of the
tokens used since yesterday (`last_used_at`, refreshed once a minute) and reads those.
"""

import collections
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

USAGE_KEY_PREFIX = "pat-usage"
ENDPOINT_KEY_PREFIX = "pat-usage-ep"
DAY_TTL_SECONDS = 3 * 86_400  # today's and yesterday's counters, until rolled up
ENDPOINT_TTL_SECONDS = 8 * 86_400
ENDPOINTS_KEPT = 20
HISTORY_DAYS = 90
BUFFER_MAX = 1000  # endpoint entries a process holds between two requests' round trips
FLUSH_MAX = 50  # entries one request's round trip carries at most
TOKEN_IDENT_PREFIX = "token:"

_buffer: collections.deque = collections.deque(maxlen=BUFFER_MAX)
_buffer_lock = threading.Lock()
_local_lock = threading.Lock()
_clock = time.time  # tests move it


def today() -> date:
    return datetime.fromtimestamp(_clock(), tz=UTC).date()


def usage_key(day: date) -> str:
    return f"{USAGE_KEY_PREFIX}:{day.isoformat()}"


def endpoint_key(ident: str) -> str:
    return f"{ENDPOINT_KEY_PREFIX}:{ident}"


@dataclass(frozen=True)
class UsageWrites:
    """The extra keys and arguments of the rate-limit command (see `_LUA`)."""

    keys: list[bytes]
    args: list[bytes]


def _take_buffered() -> list[tuple[str, str, int]]:
    if not _buffer:
        return []
    taken = []
    with _buffer_lock:
        while _buffer and len(taken) < FLUSH_MAX:
            taken.append(_buffer.popleft())
    return taken


def redis_writes(cache: RedisCache, *, ident: str, limits=None) -> UsageWrites | None:
    """What the request charged to `ident` adds to its Redis command: the day's count (for
    a token) and this process's buffered endpoint entries (anyone's). None: nothing."""
    counted = ident.startswith(TOKEN_IDENT_PREFIX)
    pending = _take_buffered()
    if not counted and not pending:
        return None
    keys = [cache.make_key(usage_key(today())).encode()]
    args = [
        ident.encode() if counted else b"",
        str(DAY_TTL_SECONDS).encode(),
        str(ENDPOINT_TTL_SECONDS).encode(),
        str(ENDPOINTS_KEPT).encode(),
    ]
    for owner, member, score in pending:
        keys.append(cache.make_key(endpoint_key(owner)).encode())
        args += [member.encode(), str(score).encode()]
    return UsageWrites(keys=keys, args=args)


def count_locally(cache, *, ident: str, limits=None) -> None:
    """Count a token's request in a cache that is not Redis (this process's memory)."""
    if not ident.startswith(TOKEN_IDENT_PREFIX):
        return
    key = f"{usage_key(today())}:{ident}"
    with _local_lock:
        if not cache.add(key, 1, timeout=DAY_TTL_SECONDS):
            cache.incr(key)


def _store_endpoint_locally(cache, ident: str, member: str, score: int) -> None:
    key = endpoint_key(ident)
    with _local_lock:
        entries = dict(cache.get(key) or {})
        entries[member] = score
        latest = sorted(entries.items(), key=lambda item: item[1], reverse=True)[:ENDPOINTS_KEPT]
        cache.set(key, dict(latest), timeout=ENDPOINT_TTL_SECONDS)


def endpoint_record(request, response) -> None:
    """Note the endpoint (method and route) and status class of a token's request: kept in
    this process for the next request's round trip on Redis, stored at once otherwise."""
    from .models import PersonalAccessToken
    from .throttling import _cache_skipped, rate_limit_settings, token_ident

    token = getattr(request, "auth", None)
    if not isinstance(token, PersonalAccessToken):
        return
    match = getattr(request, "resolver_match", None)
    route = f"/{match.route}" if match is not None and match.route else request.path_info
    member = f"{request.method} {route[:180]} {response.status_code // 100}xx"
    ident = token_ident(token.digest)
    score = int(_clock() * 1000)
    alias = rate_limit_settings()["CACHE"]
    cache = caches[alias]
    if isinstance(cache, RedisCache):
        with _buffer_lock:
            _buffer.append((ident, member, score))
    elif not _cache_skipped(alias):
        _store_endpoint_locally(cache, ident, member, score)


# --- Reading the counters (the roll-up) --------------------------------------------------------
def _cache():
    from .throttling import rate_limit_settings

    return caches[rate_limit_settings()["CACHE"]]


def read_day_counts(day: date, idents: list[str]) -> dict[str, int]:
    """The counters of `day` for these idents (missing: not used that day)."""
    cache = _cache()
    if not idents:
        return {}
    if isinstance(cache, RedisCache):
        from .throttling import _redis_script

        client, _ = _redis_script(cache)
        values = client.hmget(cache.make_key(usage_key(day)), idents)
        return {ident: int(value) for ident, value in zip(idents, values, strict=True) if value}
    prefix = usage_key(day)
    found = cache.get_many([f"{prefix}:{ident}" for ident in idents])
    return {key[len(prefix) + 1 :]: int(value) for key, value in found.items()}


def read_endpoints(idents: list[str]) -> dict[str, list[tuple[str, int]]]:
    """The latest endpoint entries ("METHOD /route 2xx", ms) of these idents."""
    cache = _cache()
    if not idents:
        return {}
    if isinstance(cache, RedisCache):
        from .throttling import _redis_script

        client, _ = _redis_script(cache)
        pipe = client.pipeline(transaction=False)
        for ident in idents:
            pipe.zrevrange(cache.make_key(endpoint_key(ident)), 0, ENDPOINTS_KEPT - 1, True)
        replies = pipe.execute()
        return {
            ident: [(member.decode(), int(score)) for member, score in reply]
            for ident, reply in zip(idents, replies, strict=True)
            if reply
        }
    found = cache.get_many([endpoint_key(ident) for ident in idents])
    return {
        key[len(ENDPOINT_KEY_PREFIX) + 1 :]: sorted(value.items(), key=lambda i: -i[1])
        for key, value in found.items()
    }


# --- The chart -----------------------------------------------------------------------------------
CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 450, 80, 1


def usage_chart(days: list[tuple[date, int]]) -> dict:
    """Bars for a small SVG chart of requests per day (the template draws them)."""
    most = max((count for _, count in days), default=0)
    width = CHART_WIDTH / max(1, len(days))
    bars = []
    for index, (day, count) in enumerate(days):
        height = max(1, round(count / most * (CHART_HEIGHT - 12))) if count else 0
        bars.append(
            {
                "x": round(index * width, 2),
                "y": CHART_HEIGHT - height,
                "width": round(max(1.0, width - BAR_GAP), 2),
                "height": height,
                "day": day,
                "count": count,
            }
        )
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "most": most}


def history_days(*, end: date, rows: dict[date, int]) -> list[tuple[date, int]]:
    """The last `HISTORY_DAYS` days up to `end`, oldest first, zero where there is no row."""
    start = end - timedelta(days=HISTORY_DAYS - 1)
    return [
        (start + timedelta(days=n), rows.get(start + timedelta(days=n), 0))
        for n in range(HISTORY_DAYS)
    ]
