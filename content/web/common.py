"""What every team page shares: the gate (`team_page`), the header's links, the list
pages' parts (`choice`, `page_number`, `pager`, `render_list`) and the no-JavaScript
actions' (`SentOnce` and `Done` for a form that creates or deletes something, `saved`
for an edit, `refuse` and `redirect_to` for the answer).

A team page is for the team's members only, as on the API: an anonymous visitor is sent
to the login page (with `next`), and a signed-in user who is not a member, or a team that
does not exist, gets the same 404, so a page never tells a stranger whether a team exists.
Membership alone decides reading on the web; plans limit API tokens, not people.
"""

from collections.abc import Callable
from functools import wraps
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from teams.selectors import membership_get_by_slug, team_list_for_user

from .. import services, urls_paths
from .forms import add_service_errors


def team_page(view):
    """Decorate a view routed under `teams/<slug:team>/…`.

    Takes the `team` slug out of the URL's keyword arguments, checks the caller's
    membership (one query, team joined) and sets `request.team` and `request.membership`
    before calling `view(request, **other_kwargs)`. Anonymous → the login page; unknown
    team or not a member → 404.
    """

    @login_required
    @wraps(view)
    def wrapped(request, *args, team: str, **kwargs):
        membership = membership_get_by_slug(user=request.user, team_slug=team)
        if membership is None:
            raise Http404("No such team.")
        request.team = membership.team
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapped


def is_team_admin(request) -> bool:
    return request.membership.role == request.membership.Role.ADMIN


def team_nav(request) -> dict:
    """Context processor: on a team page, `team`, `membership`, the header's links
    (`team_links`, from `content.urls_paths`, so a link exists before its page does) and
    the user's teams for the switcher (`user_teams`, queried only if the page shows it)."""
    # `request.membership` is set by `team_page` only (the API sets `request.team` too,
    # and its browsable pages are rendered with this processor).
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    team = membership.team
    slug = team.slug
    return {
        "team": team,
        "membership": membership,
        "team_links": {
            "home": urls_paths.team_path(slug),
            "ask": urls_paths.ask_path(slug),
            "search": urls_paths.search_path(slug),
            "tags": urls_paths.tags_path(slug),
            "users": urls_paths.users_path(slug),
            "articles": urls_paths.articles_path(slug),
            "collections": urls_paths.collections_path(slug),
        },
        "user_teams": SimpleLazyObject(lambda: list(team_list_for_user(user=request.user))),
    }


# --- Lists ---------------------------------------------------------------------------------

PAGE_SIZE = 30  # questions per page, as Stack's lists default to


def choice(request, name: str, choices, default: str) -> str:
    """The `?name=` of a list (a sort, a tab, a filter) if it is one of `choices`, else
    `default`: an unknown value shows the default list, never an error."""
    value = request.GET.get(name, default)
    return value if value in choices else default


def page_number(request, *, name: str = "page") -> int:
    """The `?page=` of a list: a positive integer (ASCII digits), else page 1. A page past
    the end is shown empty with a link back, never an error: a link to page 7 of a list
    that has shrunk should still open."""
    value = request.GET.get(name, "")
    if value.isascii() and value.isdigit() and 0 < len(value) <= 9:
        return max(1, int(value))
    return 1


def pager(page, *, window: int = 2) -> dict:
    """The page links of a `selectors.Page`: previous/next and the page numbers near the
    current one (first and last always), with None where a run of pages is left out."""
    last = page.total_pages
    shown = sorted({1, last, *range(max(1, page.page - window), min(last, page.page + window) + 1)})
    numbers, previous = [], 0
    for number in shown:
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return {
        "page": page,
        "numbers": numbers if last > 1 else [],
        "previous": page.page - 1 if 1 < page.page <= last + 1 else None,
        "next": page.page + 1 if page.page < last else None,
        "past_end": page.page > last,
    }


def render_list(request, template: str, *, section: str, page, **context) -> HttpResponse:
    """A list page: `page` (a `selectors.Page`) with its `pager`, in the header's
    `section`, and the page's own `context` (its sorts, tabs and filters)."""
    context = {"section": section, "page": page, "pager": pager(page), **context}
    return render(request, template, context)


# --- Actions: redirect after POST, refusals next to the post they concern -------------------

_ANCHOR_TAG = "anchor:"


def refuse(request, message: str, *, anchor: str) -> None:
    """Say why an action was refused (the service's message), next to the post at
    `anchor` when the page shows it there (see `messages_by_anchor`)."""
    messages.error(request, message, extra_tags=f"{_ANCHOR_TAG}{anchor}")


def messages_by_anchor(request) -> tuple[dict[str, list], list]:
    """The request's messages, split into those tied to a post anchor (`refuse`) and the
    others (shown at the top of the page). Reading them marks them as shown."""
    by_anchor, general = {}, []
    for message in messages.get_messages(request):
        tag = next((t for t in message.extra_tags.split() if t.startswith(_ANCHOR_TAG)), None)
        if tag is None:
            general.append(message)
        else:
            by_anchor.setdefault(tag.removeprefix(_ANCHOR_TAG), []).append(message)
    return by_anchor, general


def redirect_to(path: str, anchor: str | None = None) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{path}#{anchor}" if anchor else path)


class Done(NamedTuple):
    """Where an action that succeeded sends the browser (`path#anchor`), and the success
    `message` said there (none if empty)."""

    path: str
    anchor: str | None = None
    message: str = ""

    @property
    def url(self) -> str:
        return f"{self.path}#{self.anchor}" if self.anchor else self.path


class SentOnce:
    """A form that creates or deletes something, done once however often it is sent
    (`services.submission_once`, keyed by the form's one-time `submission_key`, the
    `scope` and the `content` posted). `run(write)` calls `write()`, which loads what it
    acts on, calls the service and returns a `Done`:

    - done: redirect to the `Done`, its message said there (the key remembers the URL);
    - the same form sent again: redirect where the first went (`fallback` while the
      first is still running);
    - the service's `ValidationError`: put next to the form's fields; `run` returns None
      and the caller shows the form again;
    - the service's `PermissionDenied`: said next to the post at `refused_at`
      (`(path, anchor)`), and redirect there; not caught when `refused_at` is None. A
      `write()` that learns the post's anchor only when it loads it sets it there.

    Whatever `write()` raises lets the key go, so the form may be sent again.
    """

    def __init__(
        self,
        request,
        form,
        *,
        scope: str,
        content: str = "",
        fallback: str,
        refused_at: tuple[str, str] | None = None,
    ):
        self.request, self.form = request, form
        self.scope, self.content, self.fallback = scope, content, fallback
        self.refused_at = refused_at

    def run(self, write: Callable[[], Done]) -> HttpResponse | None:
        request = self.request
        try:
            with services.submission_once(
                user=request.user,
                key=self.form.cleaned_data["submission_key"],
                scope=self.scope,
                content=self.content,
            ) as claim:
                done = write()
                claim.done(done.url)
        except services.DuplicateSubmission as duplicate:
            return redirect_to(duplicate.result or self.fallback)
        except ValidationError as error:
            add_service_errors(self.form, error)
            return None
        except PermissionDenied as refusal:
            if self.refused_at is None:
                raise
            path, anchor = self.refused_at
            refuse(request, str(refusal), anchor=anchor)
            return redirect_to(path, anchor)
        if done.message:
            messages.success(request, done.message)
        return redirect_to(done.path, done.anchor)


def saved(form, write: Callable[[], object]) -> bool:
    """Call `write()` (a service's update with the valid `form`'s data): True when it
    saved; else False, with the service's refusal (`PermissionDenied`, at the top of the
    form) or its `ValidationError` (next to the fields) on the form, to show it again."""
    try:
        write()
    except PermissionDenied as refusal:
        form.add_error(None, str(refusal))
    except ValidationError as error:
        add_service_errors(form, error)
    else:
        return True
    return False
