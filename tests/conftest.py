"""Fixtures shared by the whole suite."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.factories import MembershipFactory, TeamFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def _static_files_where_they_lie():
    # As in development, WhiteNoise finds static files in the apps and static/, not in the
    # collectstatic folder of production (which a checkout does not have: it would warn).
    # Session-wide, so the live server of the browser tests starts with it too.
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage of production needs collectstatic; tests serve files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded files (images) go to a temporary folder, never into the repository.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, not Django's default in-memory database.

    An in-memory database exists only on the connection that made it, so the live server
    of the browser tests shares the test thread's one connection with its request threads:
    under load a page's parallel requests (its avatars) and the test's own writes then go
    through each other, and a request fails now and then. On a file every thread has its
    own connection, as on PostgreSQL; WAL lets readers go on beside a writer, and no fsync
    (a test database is thrown away) keeps it as fast as memory.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    database["OPTIONS"] = {
        **database.get("OPTIONS", {}),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
    }


@pytest.fixture(autouse=True, scope="session")
def _celery_tasks_run_here():
    # No worker in tests, whatever CELERY_BROKER_URL the environment has: `.delay()` runs
    # the task in the calling process and raises its errors.
    from config.celery import app

    app.conf.update(task_always_eager=True, task_eager_propagates=True)


@pytest.fixture
def frozen_now(monkeypatch):
    """Set the clock: `frozen_now(when)` makes `timezone.now()` return `when` (aware) until
    it is called again; returns it. Models' `default=timezone.now` keep the real clock."""
    from django.utils import timezone

    def freeze(when):
        monkeypatch.setattr(timezone, "now", lambda: when)
        return when

    return freeze


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _rate_limit_cache_reachable(monkeypatch):
    # A test that takes the rate-limit cache down must not leave later tests skipping it.
    from tokens import throttling

    monkeypatch.setattr(throttling, "_down_until", {})
    monkeypatch.setattr(throttling, "_last_warning", {})
    throttling._fallback_cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def team(db):
    return TeamFactory()


@pytest.fixture
def member(db, team):
    """A user who belongs to `team`."""
    return MembershipFactory(team=team).user


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def make_pat(db):
    """Make a token: `token, code = make_pat(team=..., can_write=True)`."""
    from tests.factories import make_token

    return make_token


@pytest.fixture
def pat_client(make_pat):
    """An API client and its token: `client, token = pat_client(team=..., can_write=...)`."""

    def build(**kwargs):
        token, code = make_pat(**kwargs)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
        return client, token

    return build
