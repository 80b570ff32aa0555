"""Tag pages: the team's tags (`web-tags`), a tag's page at its `webUrl` (`web-tag`:
its questions, description, synonyms, subject-matter experts and watchers), and the
watch/unwatch button (`web-tag-watch`, a POST form)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from .. import selectors, services
from ..urls_paths import tag_path
from .common import PAGE_SIZE, choice, page_number, render_list, team_page

TAGS_PER_PAGE = 48
WATCHERS_SHOWN = 24
TAG_FILTER_MAX_LENGTH = 35  # a tag name's maximum length

# The index's orders: (label, tag_list sort, order).
TAG_ORDERS = {
    "popular": ("Popular", "postCount", "desc"),
    "name": ("Name", "name", "asc"),
    "new": ("New", "creationDate", "desc"),
}

# A tag's question tabs: (label, question_list sort, is_answered), as on the team's home.
QUESTION_TABS = {
    "newest": ("Newest", "creation", None),
    "active": ("Active", "activity", None),
    "unanswered": ("Unanswered", "creation", False),
    "score": ("Score", "score", None),
}

WATCHING_MESSAGE = "You are watching [{name}]: its new questions will show up for you."
UNWATCHED_MESSAGE = "You no longer watch [{name}]."


@require_safe
@team_page
def tag_index(request):
    """The team's tags, by popularity, name or newest, filtered by a part of the name."""
    order = choice(request, "sort", TAG_ORDERS, "popular")
    query = request.GET.get("q", "").strip()[:TAG_FILTER_MAX_LENGTH]
    _label, sort, direction = TAG_ORDERS[order]
    page = selectors.tag_list(
        team=request.team,
        page=page_number(request),
        page_size=TAGS_PER_PAGE,
        sort=sort,
        order=direction,
        partial_name=query or None,
    )
    return render_list(
        request,
        "content/tags.html",
        section="tags",
        page=page,
        order=order,
        orders=[(key, label) for key, (label, _s, _o) in TAG_ORDERS.items()],
        query=query,
    )


@require_safe
@team_page
def tag(request, name: str):
    """A tag's page: its questions (tabs as on the team's home, paginated), description,
    synonyms, SMEs and watchers. A synonym's name redirects to its tag's page."""
    team = request.team
    try:
        tag = selectors.tag_page_get(team=team, user=request.user, name=name)
    except Http404:
        target = selectors.tag_synonym_target(team=team, name=name)
        if target is None:
            raise
        return redirect(tag_path(team.slug, target))
    tab = choice(request, "tab", QUESTION_TABS, "newest")
    _label, sort, is_answered = QUESTION_TABS[tab]
    page = selectors.question_list(
        team=team,
        user=request.user,
        page=page_number(request),
        page_size=PAGE_SIZE,
        sort=sort,
        is_answered=is_answered,
        tag_ids=[tag.pk],
    )
    return render_list(
        request,
        "content/tag.html",
        section="tags",
        page=page,
        tag=tag,
        tab=tab,
        tabs=[(key, label) for key, (label, _s, _a) in QUESTION_TABS.items()],
        watchers=selectors.tag_watchers_of(team=team, tag=tag, limit=WATCHERS_SHOWN),
    )


@require_POST
@team_page
def tag_watch(request, tag_id: int):
    """Watch (`action=watch`) or stop watching (`action=unwatch`) a tag, then back to its
    page. Both are idempotent: a second click changes nothing."""
    tag = selectors.tag_get_for_write(team=request.team, tag_id=tag_id)
    if request.POST.get("action") == "unwatch":
        services.tag_unwatch(tag=tag, user=request.user)
        messages.success(request, UNWATCHED_MESSAGE.format(name=tag.name))
    else:
        services.tag_watch(tag=tag, user=request.user)
        messages.success(request, WATCHING_MESSAGE.format(name=tag.name))
    return redirect(tag_path(request.team.slug, tag.name))
