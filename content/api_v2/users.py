"""API v2.3: the team's users (`/users`, `/users/{ids}`, `/me`) and their reputation
history (`/users/{ids}/reputation-history`, `/me/reputation-history`).

A `user` is a member of the team: `reputation` and `user_type` are the team's,
`creation_date` is when they joined it. `email` is shown only to the user themself and
to team admins, whatever the filter includes (others' items simply lack it). Teamstack
has no "about me": `about_me` is never present. `last_access_date` is the later of the
user's last sign-in to the web pages and their last use of one of their tokens of this
team (`last_used_at`, refreshed at most once a minute). `last_modified_date` is their
latest reputation change in the team (the history starts with migration 0010), else when
they joined. A reputation history is visible to every member of the team, as on Stack
(`/me/reputation-history-full`, the private one, is not served).
"""

from ..selectors import member_is_admin, member_list, reputation_change_list
from .base import RenderContext, Shape, V2Api, epoch
from .listing import page_response
from .params import id_vector, sorting
from .shapes import USER_TYPES, profile_image, user_link

# `sort` → how `min`/`max` are read (the orderings are the selector's, same names).
USER_SORTS = {"reputation": "int", "creation": "date", "name": "str", "modified": "date"}


def _email(m, ctx: RenderContext) -> str | None:
    if m.user_id == ctx.request.user.pk or ctx.viewer_is_admin():
        return m.user.email
    return None


def _last_access(m, ctx: RenderContext) -> int | None:
    times = [t for t in (m.user.last_login, getattr(m, "last_token_use_at", None)) if t]
    return epoch(max(times)) if times else None


class UserShape(Shape):
    """`user`: a Membership with its user and the selector's `member_annotations_full`."""

    type_name = "user"
    fields = {
        "account_id": lambda m, ctx: m.user_id,
        "answer_count": lambda m, ctx: getattr(m, "answer_count", None),
        "creation_date": lambda m, ctx: epoch(m.created_at),
        "department": lambda m, ctx: ctx.text(m.user.department) or None,
        "display_name": lambda m, ctx: ctx.text(m.user.name),
        "email": _email,
        "is_employee": lambda m, ctx: False,
        "job_title": lambda m, ctx: ctx.text(m.user.job_title) or None,
        "last_access_date": _last_access,
        "last_modified_date": lambda m, ctx: epoch(getattr(m, "last_modified_at", None)),
        "link": lambda m, ctx: user_link(ctx, m.user_id),
        "profile_image": lambda m, ctx: profile_image(ctx, m.user_id),
        "question_count": lambda m, ctx: getattr(m, "question_count", None),
        "reputation": lambda m, ctx: m.reputation,
        "user_id": lambda m, ctx: m.user_id,
        "user_type": lambda m, ctx: USER_TYPES.get(m.role, "registered"),
    }


class ReputationHistoryShape(Shape):
    """`reputation_history`: a `ReputationChange`."""

    type_name = "reputation_history"
    fields = {
        "creation_date": lambda c, ctx: epoch(c.created_at),
        "post_id": lambda c, ctx: c.post_id,
        "reputation_change": lambda c, ctx: c.change,
        "reputation_history_type": lambda c, ctx: c.reason,
        "user_id": lambda c, ctx: c.user_id,
    }


class _UserListApi(V2Api):
    item_type = "user"

    def user_ids(self, kwargs) -> list[int] | None:
        return None

    def get(self, request, **kwargs):
        params = self.params()
        user_ids = self.user_ids(kwargs)
        paging = self.paging()
        sort = sorting(params, sorts=USER_SORTS, default="reputation")
        flt = self.filter
        page = member_list(
            team=request.team,
            page=paging.page,
            page_size=paging.page_size,
            sort=sort.sort,
            order=sort.order,
            user_ids=user_ids,
            name_contains=params.get("inname") or None,
            min=sort.min,
            max=sort.max,
            from_date=sort.from_date,
            to_date=sort.to_date,
            annotate_full=True,
            with_counts=flt.includes("user", "question_count")
            or flt.includes("user", "answer_count"),
        )
        admin = {}

        def viewer_is_admin() -> bool:
            # Asked only when an item is someone else's and the filter includes `email`.
            if "value" not in admin:
                admin["value"] = member_is_admin(team=request.team, user=request.user)
            return admin["value"]

        ctx = self.context(viewer_is_admin=viewer_is_admin)
        return page_response(self, page, UserShape.render_many(page.items, ctx), paging)


class UserListApi(_UserListApi):
    """`GET /users`: the team's members; sorts `reputation` (default), `creation`, `name`,
    `modified`, with `min`/`max` and `fromdate`/`todate` (joining the team); `inname`."""

    parameters = {
        "inname": "Part of the display name.",
    }


class UserDetailApi(_UserListApi):
    """`GET /users/{ids}`: up to 100 members (ids of non-members are simply absent)."""

    def user_ids(self, kwargs) -> list[int]:
        return id_vector("ids", kwargs["ids"])


class MeApi(_UserListApi):
    """`GET /me`: the calling user, as a member of the team."""

    def user_ids(self, kwargs) -> list[int]:
        return [self.request.user.pk]


class ReputationHistoryApi(V2Api):
    """`GET /users/{ids}/reputation-history`: the reputation changes in the team of up to
    100 users, newest first, with `fromdate`/`todate`."""

    item_type = "reputation_history"

    def user_ids(self, kwargs) -> list[int]:
        return id_vector("ids", kwargs["ids"])

    def get(self, request, **kwargs):
        params = self.params()
        user_ids = self.user_ids(kwargs)
        paging = self.paging()
        dates = sorting(params, sorts={"creation": "date"}, default="creation")
        page = reputation_change_list(
            team=request.team,
            user_ids=user_ids,
            page=paging.page,
            page_size=paging.page_size,
            from_date=dates.from_date,
            to_date=dates.to_date,
        )
        items = ReputationHistoryShape.render_many(page.items, self.context())
        return page_response(self, page, items, paging)


class MeReputationHistoryApi(ReputationHistoryApi):
    """`GET /me/reputation-history`."""

    def user_ids(self, kwargs) -> list[int]:
        return [self.request.user.pk]
