"""`manage.py seed_demo`: load the demo teams, people and content. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from teams.demo import credentials


class Command(BaseCommand):
    help = "Create the demo teams, users and content (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]

        def log(message: str) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {message}")

        # Each app that has demo data lists a seeder in settings.DEMO_SEEDERS, in order.
        with transaction.atomic():
            for dotted_path in settings.DEMO_SEEDERS:
                import_string(dotted_path)(log=log)

        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins:"))
        for username, password in credentials():
            self.stdout.write(f"  {username:<8} {password}")
