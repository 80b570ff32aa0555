"""People pages: the team's members (`web-users`) and a member's page at the user
`webUrl` (`web-user`): who they are in this team, their questions, answers and articles,
and the tags they watch. Only members of the team are shown: anyone else is a 404.

An e-mail address is shown as the API shows it: to the member themself and to team
admins, to nobody else.
"""

from django.views.decorators.http import require_safe

from .. import selectors
from ..selectors import Page
from ..selectors.post_lists import AnswerEmbeds, Window, answer_v2_list
from .common import PAGE_SIZE, choice, is_team_admin, page_number, render_list, team_page

USERS_PER_PAGE = 36
NAME_FILTER_MAX_LENGTH = 100

# The index's orders: (label, member_list sort, order).
USER_ORDERS = {
    "reputation": ("Reputation", "reputation", "desc"),
    "name": ("Name", "name", "asc"),
    "new": ("New members", "creation", "desc"),
}
# A member's page: its tabs, and each tab's orders (label, sort).
USER_TABS = {"questions": "Questions", "answers": "Answers", "articles": "Articles"}
POST_ORDERS = {"newest": ("Newest", "creation"), "score": ("Score", "score")}


@require_safe
@team_page
def user_index(request):
    """The team's members, by reputation, name or newest, filtered by a part of the name."""
    order = choice(request, "sort", USER_ORDERS, "reputation")
    query = request.GET.get("q", "").strip()[:NAME_FILTER_MAX_LENGTH]
    _label, sort, direction = USER_ORDERS[order]
    page = selectors.member_list(
        team=request.team,
        page=page_number(request),
        page_size=USERS_PER_PAGE,
        sort=sort,
        order=direction,
        name_contains=query or None,
        with_post_counts=True,
    )
    return render_list(
        request,
        "content/users.html",
        section="users",
        page=page,
        order=order,
        orders=[(key, label) for key, (label, _s, _o) in USER_ORDERS.items()],
        query=query,
    )


def _posts(request, *, tab: str, owner_id: int, sort: str) -> Page:
    """A page of the member's posts of one tab, through the lists every face uses."""
    team, page = request.team, page_number(request)
    if tab == "answers":
        window = Window(sort="creation" if sort == "creation" else "votes")
        answers = answer_v2_list(
            team=team,
            user=request.user,
            page=page,
            page_size=PAGE_SIZE,
            window=window,
            embeds=AnswerEmbeds(question=True),
            count=True,
            owner_ids=[owner_id],
        )
        return Page(items=answers.items, total_count=answers.total, page=page, page_size=PAGE_SIZE)
    lister = selectors.article_list if tab == "articles" else selectors.question_list
    extra = {} if tab == "articles" else {"user": request.user}
    return lister(team=team, page=page, page_size=PAGE_SIZE, sort=sort, author_id=owner_id, **extra)


@require_safe
@team_page
def user(request, user_id: int):
    """A member's page: name, avatar, job title, department, reputation and counts in this
    team, the tags they watch, and one tab of their posts (paginated)."""
    team = request.team
    member = selectors.member_profile_get(team=team, user_id=user_id)
    tab = choice(request, "tab", USER_TABS, "questions")
    order = choice(request, "sort", POST_ORDERS, "newest")
    page = _posts(request, tab=tab, owner_id=member.user_id, sort=POST_ORDERS[order][1])
    is_self = member.user_id == request.user.pk
    return render_list(
        request,
        "content/user.html",
        section="users",
        page=page,
        member=member,
        person=member.user,
        is_self=is_self,
        show_email=is_self or is_team_admin(request),
        watched_tags=selectors.watched_tag_list(team=team, user_id=member.user_id),
        tab=tab,
        tabs=[
            (key, label, getattr(member, f"{key[:-1]}_count")) for key, label in USER_TABS.items()
        ],
        order=order,
        orders=[(key, label) for key, (label, _s) in POST_ORDERS.items()],
    )
