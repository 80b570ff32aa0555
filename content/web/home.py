"""The team home: the team's questions in four tabs, the API's sorts and filters."""

from django.views.decorators.http import require_safe

from teams.plans import allows_api_access, allows_write_access

from .. import selectors
from .common import PAGE_SIZE, choice, is_team_admin, page_number, render_list, team_page

# Each tab is a `selectors.question_list` call, as `GET /questions?sort=…&isAnswered=…`.
TABS = {
    "newest": {"label": "Newest", "sort": "creation"},
    "active": {"label": "Active", "sort": "activity"},
    "unanswered": {"label": "Unanswered", "sort": "creation", "is_answered": False},
    "top": {"label": "Top", "sort": "score"},
}
DEFAULT_TAB = "newest"


@require_safe
@team_page
def team_home(request):
    tab = choice(request, "tab", TABS, DEFAULT_TAB)
    filters = {key: value for key, value in TABS[tab].items() if key != "label"}
    page = selectors.question_list(
        team=request.team,
        user=request.user,
        page=page_number(request),
        page_size=PAGE_SIZE,
        **filters,
    )
    context = {"tabs": [(key, spec["label"]) for key, spec in TABS.items()], "tab": tab}
    if is_team_admin(request):
        plan = request.team.plan
        context["plan"] = {
            "name": request.team.get_plan_display(),
            "api": allows_api_access(plan),
            "write": allows_write_access(plan),
        }
    return render_list(request, "content/team_home.html", section="questions", page=page, **context)
