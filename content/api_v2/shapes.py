"""API v2.3 types shared by every resource: `shallow_user` (a post's owner), `filter`.

Each resource module defines its own types (`question`, `answer`, …) the same way: a
`Shape` whose `fields` read the annotated objects of the content selectors.
"""

from django.urls import reverse

from teams.models import Membership

from ..selectors.common import Member, member_of
from ..urls_paths import user_path
from .base import RenderContext, Shape
from .filters import wire_names

# Stack Exchange's `user_type` values for a member of the team.
USER_TYPES = {Membership.Role.ADMIN: "team_admin", Membership.Role.MEMBER: "registered"}


def user_link(ctx: RenderContext, user_id: int) -> str:
    return ctx.url(user_path(ctx.team_slug, user_id))


def profile_image(ctx: RenderContext, user_id: int) -> str:
    return ctx.url(reverse("user-avatar", args=[user_id]))


class ShallowUserShape(Shape):
    """`shallow_user`: a user as embedded in a post (`owner`, `last_editor`). Takes a
    `Member` (see `selectors.common.member_of`)."""

    type_name = "shallow_user"
    fields = {
        "account_id": lambda m, ctx: m.user_id,
        "display_name": lambda m, ctx: ctx.text(m.user.name),
        "link": lambda m, ctx: user_link(ctx, m.user_id),
        "profile_image": lambda m, ctx: profile_image(ctx, m.user_id),
        "reputation": lambda m, ctx: m.reputation,
        "user_id": lambda m, ctx: m.user_id,
        "user_type": lambda m, ctx: USER_TYPES.get(m.role, "registered"),
    }


def owner(obj, ctx: RenderContext, *, user_attr: str = "owner", prefix: str = "owner"):
    """The `shallow_user` of a post's owner (or last editor), from the selector's
    `<prefix>_reputation`/`<prefix>_role` annotations; None (so left out) when deleted."""
    member: Member | None = member_of(obj, user_attr, prefix)
    return None if member is None else ShallowUserShape.render(member, ctx)


class FilterShape(Shape):
    """`filter`: what `/filters/create` and `/filters/{filters}` return."""

    type_name = "filter"
    fields = {
        "filter": lambda f, ctx: f.name,
        "filter_type": lambda f, ctx: f.filter_type,
        "included_fields": lambda f, ctx: wire_names(f),
    }
