"""`manage.py content_recount [--team SLUG] [--search]`: rebuild maintained content data.

Run it after loading questions or articles without the services (bulk imports, benchmarks): the
unfiltered question list takes its `totalCount` from the team's counter, and search
(on PostgreSQL) reads the stored search documents, which `--search` builds where missing.
"""

from django.core.management.base import BaseCommand, CommandError

from content.services import article_search_rebuild, question_search_rebuild, team_stats_refresh
from teams.models import Team


class Command(BaseCommand):
    help = "Recount each team's questions (the totalCount of unfiltered question lists)."

    def add_arguments(self, parser):
        parser.add_argument("--team", help="Only this team (its slug).")
        parser.add_argument(
            "--search",
            action="store_true",
            help="Also build missing search documents (PostgreSQL).",
        )

    def handle(self, *args, team=None, search=False, **options):
        teams = Team.objects.order_by("slug")
        if team is not None:
            teams = teams.filter(slug=team)
            if not teams.exists():
                raise CommandError(f"No team with the slug {team!r}.")
        for each in teams:
            stats = team_stats_refresh(team=each)
            self.stdout.write(f"{each.slug}: {stats.question_count} questions")
            if search:
                indexed = question_search_rebuild(team=each) + article_search_rebuild(team=each)
                self.stdout.write(f"{each.slug}: {indexed} search documents built")
