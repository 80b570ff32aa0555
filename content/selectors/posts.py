"""Reads across a team's posts: questions, answers and articles share one id space
(content/models/posts.py), so an id alone names a post (API v3 `contentIds`, API v2.3
`/posts/{ids}`)."""

from collections.abc import Iterable

from django.db.models import CharField, QuerySet, Value

from teams.models import Team

from ..models import MAX_ID, Answer, Article, Question

POST_KINDS = ("question", "answer", "article")


def _posts(*, team: Team, kind: str) -> QuerySet:
    if kind == "question":
        return team.questions.all()
    if kind == "answer":
        return Answer.objects.filter(question__team=team)
    if kind == "article":
        return team.articles.all()
    raise ValueError(f"Not a kind of post: {kind!r}")


def post_kinds(
    *, team: Team, ids: Iterable[int], kinds: Iterable[str] = POST_KINDS
) -> dict[int, str]:
    """The kind ("question", "answer" or "article", among `kinds`) of each of `ids` that is
    a post of `team`, in one query (UNION ALL). Ids that are not are left out.

    Every post made since migration 0009 has an id of its own. Posts made before it kept
    their ids, so an old id may name two posts of different kinds; then the kind listed
    first in `kinds` is the one reported.
    """
    kinds = list(kinds)
    wanted = {pk for pk in ids if 0 < pk <= MAX_ID}
    if not wanted or not kinds:
        return {}
    parts = [
        _posts(team=team, kind=kind)
        .filter(pk__in=wanted)
        .order_by()
        .annotate(kind=Value(kind, output_field=CharField()))
        .values_list("pk", "kind")
        for kind in kinds
    ]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    found: dict[int, str] = {}
    rank = {kind: position for position, kind in enumerate(kinds)}
    for pk, kind in rows:
        if pk not in found or rank[kind] < rank[found[pk]]:
            found[pk] = kind
    return found


def post_team_slug_for_member(*, user, kind: str, post_id: int) -> str | None:
    """The slug of the team of the question or article `post_id` (`kind`: "question" or
    "article") if `user` is a member of that team, else None (one query). What a team-less
    link (`/questions/<id>/`, as earlier API versions made them) needs to find its page."""
    if not 0 < post_id <= MAX_ID or not getattr(user, "is_authenticated", False):
        return None
    model = {"question": Question, "article": Article}[kind]
    return (
        model.objects.filter(pk=post_id, team__memberships__user=user)
        .values_list("team__slug", flat=True)
        .first()
    )
