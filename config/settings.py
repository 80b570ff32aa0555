"""Teamstack settings: one module, 12-factor, read from the environment (and `.env`).

Every variable has a safe development default except the secret key in production.
See `.env.example` for the full list with comments.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # never overrides variables already set

# --- Core -----------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set it in the environment or in .env)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "en-us"
SITE_NAME = env.str("SITE_NAME", default="Teamstack")
# Where users reach this site: the links in e-mails (expiry reminders, leaked-token notices).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "teams",
    "tokens",
    "content",
]

MIDDLEWARE = [
    "tokens.middleware.ApiHeadWithoutBodyMiddleware",  # outermost: sees every response
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy (see HTTPS below)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tokens.middleware.TokenExpiryHeaderMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "content.web.common.team_nav",  # a team page's header (team pages only)
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite file in the project folder by default; postgres://… switches to PostgreSQL.
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
_SUPPORTED_DB_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
if urlsplit(DATABASE_URL).scheme not in _SUPPORTED_DB_SCHEMES:
    raise ImproperlyConfigured(
        f"DATABASE_URL has an unsupported scheme {urlsplit(DATABASE_URL).scheme!r}: "
        "use sqlite:///path or postgres://user@host:port/name."
    )
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock instead of failing at once when the dev server and a command overlap.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Local memory by default; redis://… switches to Redis (shared by all workers and machines).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://teamstack")}
# A hung Redis must not hang requests: give up connecting or waiting for a reply after
# CACHE_SOCKET_TIMEOUT seconds (rate limits then count in the process; tokens/throttling.py).
# Django's RedisCache hands these OPTIONS to redis-py's ConnectionPool; values given in the
# URL (`redis://…?socket_timeout=1`) win.
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.3)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
        "socket_timeout": CACHE_SOCKET_TIMEOUT,
        **CACHES["default"].get("OPTIONS", {}),
    }

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Email ----------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="teamstack@localhost")

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # see Media files
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Media files (uploaded images; see docs/IMAGES.md) ------------------------------------
# A local folder by default; STORAGE_BACKEND=s3 keeps them in any S3-compatible bucket
# through django-storages. Never served as static files: only the members-only image views
# read them. IMAGE_UPLOAD_MAX_BYTES is the official 2 MiB; IMAGE_UPLOAD_MAX_PIXELS refuses
# decompression bombs (a small file that decodes to a huge bitmap).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "location": env.str("AWS_LOCATION", default=""),
            # Private objects; credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
            # (or any other source boto3 knows: an instance role, ~/.aws).
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "local":
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be 'local' or 's3', not {STORAGE_BACKEND!r}.")
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=2 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env.int("IMAGE_UPLOAD_MAX_PIXELS", default=25_000_000)

# --- HTTPS (behind a setting so local HTTP keeps working) -----------------------------------
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind reverse proxies: trust X-Forwarded-Proto, and take the client's address from
# X-Forwarded-For, TRUSTED_PROXY_COUNT entries from the right (tokens/addresses.py: audit
# trail, a token's last-used addresses, per-address rate limits).
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp) on every response: the settings and docs pages show
# live token codes, so no inline script runs anywhere (scripts are static files; page data
# travels in `json_script` elements), nothing is framed, no plugin, no <base>. Swagger UI's
# stylesheet uses data: images. A view that sets its own policy (the image route) keeps it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # The MCP SDK (content/agents) runs a session manager per request and says so at INFO
    # three times a call: its warnings and errors are enough.
    "loggers": {"mcp": {"level": env.str("MCP_LOG_LEVEL", default="WARNING")}},
}

# --- Demo data ------------------------------------------------------------------------------
# `manage.py seed_demo` runs these in order, in one transaction; each is idempotent.
DEMO_SEEDERS = [
    "teams.demo.seed",
    "tokens.demo.seed",
    "content.demo.questions.seed",
    "content.demo.links.seed",
    "content.demo.articles.seed",
    "content.demo.collections.seed",
    "content.demo.tags.seed",
    "content.demo.images.seed",
]

# --- Personal access tokens -----------------------------------------------------------------
PAT_PREFIX = env.str("PAT_PREFIX", default="tspat_")
PAT_EXPIRATION_DAYS = (7, 30, 60, 90)  # or no expiration
PAT_LAST_USED_RESOLUTION_SECONDS = 60  # last_used_at and the recent addresses
# The Enterprise plan's token limits (teams/plans.py); unset: no limit. Basic and Business
# have none; a team's own token policy may be stricter.
ENTERPRISE_MAX_TOKENS_PER_MEMBER = env.int("ENTERPRISE_MAX_TOKENS_PER_MEMBER", default=None)
ENTERPRISE_MAX_TOKEN_LIFETIME_DAYS = env.int("ENTERPRISE_MAX_TOKEN_LIFETIME_DAYS", default=None)
# POST /api/v3/credentials/revoke (leaked codes): calls per hour per client address.
PAT_REVOCATION_CALLS_PER_HOUR = env.int("PAT_REVOCATION_CALLS_PER_HOUR", default=60)

# --- Background work (Celery; config/celery.py, docs/DEPLOYMENT.md) -------------------------
# Redis as the broker in production (redis://host:6379/1). Unset: tasks run eagerly in the
# process that calls them (`make run`, the tests), with no worker to run.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"  # never used while eager; keeps Celery off amqp://
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker died runs again: every task is idempotent
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
# Periodic housekeeping: task → every N seconds under Celery beat. `manage.py
# pat_housekeeping` runs each of them once (cron, or by hand). Later work (inactivity
# expiry, usage roll-ups, policy sweeps) adds its task here.
HOUSEKEEPING_TASKS = {
    "tokens.tasks.send_expiry_reminders": 3600,
    "tokens.tasks.clear_ended_overlaps": 3600,
    "tokens.tasks.apply_team_policies": 3600,
    "tokens.tasks.roll_up_usage": 300,
}
CELERY_BEAT_SCHEDULE = {
    name.rsplit(".", 1)[-1]: {"task": name, "schedule": seconds}
    for name, seconds in HOUSEKEEPING_TASKS.items()
}

# --- API (Django REST framework, drf-spectacular) -------------------------------------------
REST_FRAMEWORK = {
    # The PAT class comes first: its Bearer challenge is what a 401 carries.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tokens.authentication.PersonalAccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tokens.permissions.TeamAccessPermission"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "tokens.renderers.ProblemJSONRenderer",  # `Accept: application/problem+json`
    ],
    "DEFAULT_PARSER_CLASSES": ["tokens.parsers.JSONParser"],  # DRF's, with a depth limit
    "EXCEPTION_HANDLER": "tokens.errors.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Teamstack API",
    "DESCRIPTION": "Stack Internal API v3, served by Teamstack, guarded by personal access tokens.",
    "VERSION": "v3",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # 68 operations in two path forms: open on the tag list (fast to render), with a filter
    # box and links that open one tag or operation (`/api/v3/docs/#/Users`).
    "SWAGGER_UI_SETTINGS": {"docExpansion": "none", "deepLinking": True, "filter": True},
    "COMPONENT_SPLIT_REQUEST": True,
    # Success bodies are documented as JSON only (ProblemJSONRenderer is for errors).
    "RENDERER_WHITELIST": ["rest_framework.renderers.JSONRenderer"],
    # Enums named as in the official document where one choice set serves several fields.
    "ENUM_NAME_OVERRIDES": {
        "ArticleType": ["knowledgeArticle", "announcement", "policy", "howToGuide"],
        "LinkedOrRelatedQuestionsSortParameter": ["hot", "creation", "activity", "score"],
        # `QuestionSortParameter` and `ArticleSortParameter` are the same set.
        "QuestionSortParameter": ["activity", "creation", "score"],
    },
}

# Token codes never reach an error report or a log line.
DEFAULT_EXCEPTION_REPORTER_FILTER = "tokens.reporting.TokenSafeExceptionReporterFilter"

# --- Rate limits (Stack Internal API v3 semantics; see tokens/throttling.py) ---------------
# Per token (per user for session requests, per address for anonymous ones): a burst of
# 50 requests per 2 seconds and a bucket of 5,000 calls refilled by 100 every 60 seconds.
# State lives in the cache above: set CACHE_URL to Redis so all workers share one budget.
PAT_RATE_LIMITS = {
    "BURST_CALLS": env.int("PAT_BURST_CALLS", default=50),
    "BURST_SECONDS": env.int("PAT_BURST_SECONDS", default=2),
    "BUCKET_SIZE": env.int("PAT_BUCKET_SIZE", default=5000),
    "REFILL_CALLS": env.int("PAT_REFILL_CALLS", default=100),
    "REFILL_SECONDS": env.int("PAT_REFILL_SECONDS", default=60),
}
# API v2.3's daily quota per user (`quota_max`/`quota_remaining`), as on Stack Exchange.
API_V2_DAILY_QUOTA = env.int("API_V2_DAILY_QUOTA", default=10_000)
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["tokens.throttling.PersonalAccessTokenRateThrottle"]
MIDDLEWARE += ["tokens.throttling.RateLimitHeadersMiddleware"]
