"""`manage.py pat_housekeeping`: run every housekeeping task once, here and now.

The same task functions Celery beat schedules in production (`settings.HOUSEKEEPING_TASKS`):
for a cron job where no Celery runs, or by hand. Every task is idempotent and safe beside
another run on another machine, so running this as often as you like sends each reminder
once. One line per task on stdout; a failing task is reported on stderr, the others still
run, and the exit status is non-zero.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run the token housekeeping tasks once (expiry reminders, …): what Celery beat runs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            metavar="TASK",
            help="Run only this task (its dotted path or last name); repeatable.",
        )

    def handle(self, *args, **options):
        names = list(settings.HOUSEKEEPING_TASKS)
        if options["only"]:
            wanted = set(options["only"])
            unknown = wanted - {*names, *(name.rsplit(".", 1)[-1] for name in names)}
            if unknown:
                raise CommandError(f"Unknown task: {', '.join(sorted(unknown))}.")
            names = [name for name in names if {name, name.rsplit(".", 1)[-1]} & wanted]
        failed = []
        for name in names:
            try:
                summary = import_string(name)()  # a Celery task called directly runs here
            except Exception as exc:
                failed.append(name)
                self.stderr.write(f"{name}: failed: {type(exc).__name__}: {exc}")
                continue
            self.stdout.write(f"{name}: {summary}")
        if failed:
            raise CommandError(f"{len(failed)} housekeeping task(s) failed.")
