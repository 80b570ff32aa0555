"""API v2.3: the team's tags (`/tags`, `/tags/{tags}/info`).

Sorts map onto `selectors.tags`: `popular` is the tag's `count` (questions and articles
carrying it), `name`, and `activity`, the latest activity of its questions and articles
(`tag_last_activity`, else its creation). Teamstack has no moderator-only or required
tags: `is_moderator_only` and `is_required` are always false.
"""

from ..selectors import tag_list
from .base import Shape, V2Api, epoch
from .listing import page_response
from .params import sorting, string_vector

# v2.3 sort → (the selector's ordering, how `min`/`max` are read)
TAG_SORTS = {
    "popular": ("postCount", "int"),
    "activity": ("activity", "date"),
    "name": ("name", "str"),
}


class TagShape(Shape):
    """`tag`: a Tag with `tag_annotations` (and `last_activity_at`, `synonym_list` when the
    filter includes them)."""

    type_name = "tag"
    fields = {
        "count": lambda t, ctx: t.post_count,
        "has_synonyms": lambda t, ctx: bool(t.has_synonyms),
        "is_moderator_only": lambda t, ctx: False,
        "is_required": lambda t, ctx: False,
        "last_activity_date": lambda t, ctx: epoch(getattr(t, "last_activity_at", None)),
        "name": lambda t, ctx: ctx.text(t.name),
        "synonyms": lambda t, ctx: [ctx.text(s.name) for s in t.synonym_list],
    }


class TagListApi(V2Api):
    """`GET /tags`: sorts `popular` (default), `activity`, `name`, with `min`/`max`;
    `inname`."""

    parameters = {
        "inname": "Part of the tag name.",
    }

    item_type = "tag"

    def names(self, kwargs) -> list[str] | None:
        return None

    def get(self, request, **kwargs):
        params = self.params()
        names = self.names(kwargs)
        paging = self.paging()
        sort = sorting(
            params, sorts={k: kind for k, (_, kind) in TAG_SORTS.items()}, default="popular"
        )
        flt = self.filter
        page = tag_list(
            team=request.team,
            page=paging.page,
            page_size=paging.page_size,
            sort=TAG_SORTS[sort.sort][0],
            order=sort.order,
            partial_name=params.get("inname") or None,
            names=names,
            min=sort.min,
            max=sort.max,
            with_activity=flt.includes("tag", "last_activity_date"),
            with_synonyms=flt.includes("tag", "synonyms"),
        )
        items = TagShape.render_many(page.items, self.context())
        return page_response(self, page, items, paging)


class TagInfoApi(TagListApi):
    """`GET /tags/{tags}/info`: the team's tags of these names (up to 100, `;`-separated);
    unknown names are simply absent."""

    def names(self, kwargs) -> list[str]:
        return string_vector("tags", kwargs["tags"])
