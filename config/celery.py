"""The Celery application: background work on Redis as the broker, scheduled by beat.

    celery -A config worker --loglevel=INFO     # any number, on any machines
    celery -A config beat --loglevel=INFO       # one, for the schedule

Configuration comes from Django's settings, `CELERY_*` (config/settings.py); the tasks are
found in each app's `tasks.py`. Without `CELERY_BROKER_URL` tasks run eagerly, in the
process that calls them (`make run`, the tests), and no worker is needed.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("teamstack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
