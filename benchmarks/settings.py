"""Settings for the benchmarks only: the project's settings plus the peer token libraries.

DRF's `authtoken`, django-rest-knox and djangorestframework-api-key are installed beside our
apps so that one view runs under each authentication in one process. Needs PostgreSQL:
DATABASE_URL names the server; the benchmark works in its own database, BENCH_DB_NAME
(default `teamstack_bench`), which `python -m benchmarks` creates and fills.
"""

import os

# DEBUG is off below; a fresh clone has no .env, so give the benchmark a key of its own.
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)

from config.settings import *  # noqa: F403
from config.settings import DATABASES, INSTALLED_APPS, MIDDLEWARE, PAT_RATE_LIMITS

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = [
    *INSTALLED_APPS,
    "rest_framework.authtoken",
    "knox",
    "rest_framework_api_key",
]
ROOT_URLCONF = "benchmarks.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["NAME"] = os.environ.get("BENCH_DB_NAME", "teamstack_bench")
# Persistent connections. Django's health check (CONN_HEALTH_CHECKS) sends its own
# `SELECT 1` before the first query of every request: the same cost for every variant,
# left out so that the ratios show authentication alone (see docs/PERFORMANCE.md).
DATABASES["default"]["CONN_MAX_AGE"] = None
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

# Rate-limit state on Redis (a database of its own); the headers middleware only acts on the
# throttled variant's path, so the other variants pay nothing for it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
    }
}
PAT_RATE_LIMITS = {
    **PAT_RATE_LIMITS,
    "BURST_CALLS": int(os.environ.get("PAT_BURST_CALLS", 10**9)),
    "BUCKET_SIZE": int(os.environ.get("PAT_BUCKET_SIZE", 10**9)),
    "PATH_PREFIX": ("/api/", "/mcp", "/bench/pat-throttle"),
}
MIDDLEWARE = list(MIDDLEWARE)
BENCH_TEAM_ID = int(os.environ.get("BENCH_TEAM_ID", 1))
