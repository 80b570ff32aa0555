"""API v2.3 filters: which fields of which types a response carries.

Every v2.3 type has fields that a filter includes by default and fields it includes only on
request (Stack Exchange's `default` filter); `include`/`exclude` lists of `type.field`
names change that (`question.body`, `answer.comments`, `user.email`, `.total` for the
wrapper). Four filters are built in (`default`, `withbody`, `none`, `total`);
`/filters/create` makes others.

A created filter is its own description, not a database row: `!` followed by the URL-safe
base64 of the compressed difference between its fields and the default filter's. It is
valid on every worker and machine and after any restart, and costs no query to read. The
names and defaults below are those of the public Stack Exchange API v2.3
documentation, restricted to what Teamstack has; fields a type documents but Teamstack
does not store are left out (a filter naming one is a 400, as any unknown field is), and a
field without a value is omitted from an item, as on Stack.
"""

import base64
import binascii
import json
import zlib
from dataclasses import dataclass

# type → {field: included by the default filter}
FIELDS: dict[str, dict[str, bool]] = {
    # The wrapper of every response (`.total` in include lists).
    "": {
        "backoff": True,
        "error_id": True,
        "error_message": True,
        "error_name": True,
        "has_more": True,
        "items": True,
        "quota_max": True,
        "quota_remaining": True,
        "page": False,
        "page_size": False,
        "total": False,
        "type": False,
    },
    "question": {
        "accepted_answer_id": True,
        "answer_count": True,
        "answers": False,
        "body": False,
        "body_markdown": False,
        "bookmarked": False,
        "comment_count": False,
        "comments": False,
        "creation_date": True,
        "down_vote_count": False,
        "downvoted": False,
        "is_answered": True,
        "last_activity_date": True,
        "last_edit_date": True,
        "last_editor": False,
        "link": True,
        "owner": True,
        "question_id": True,
        "score": True,
        "share_link": False,
        "tags": True,
        "title": True,
        "up_vote_count": False,
        "upvoted": False,
        "view_count": True,
    },
    "answer": {
        "answer_id": True,
        "body": False,
        "body_markdown": False,
        "comment_count": False,
        "comments": False,
        "creation_date": True,
        "down_vote_count": False,
        "downvoted": False,
        "is_accepted": True,
        "last_activity_date": True,
        "last_edit_date": True,
        "last_editor": False,
        "link": False,
        "owner": True,
        "question_id": True,
        "score": True,
        "share_link": False,
        "tags": False,
        "title": False,
        "up_vote_count": False,
        "upvoted": False,
    },
    "comment": {
        "body": True,
        "body_markdown": False,
        "comment_id": True,
        "creation_date": True,
        "edited": True,
        "link": False,
        "owner": True,
        "post_id": True,
        "post_type": False,
        "score": True,
    },
    "post": {
        "body": False,
        "body_markdown": False,
        "comment_count": False,
        "comments": False,
        "creation_date": True,
        "down_vote_count": False,
        "last_activity_date": True,
        "last_edit_date": True,
        "last_editor": False,
        "link": True,
        "owner": True,
        "post_id": True,
        "post_type": True,
        "score": True,
        "share_link": False,
        "title": False,
        "up_vote_count": False,
    },
    "article": {
        "article_id": True,
        "article_type": True,
        "body": False,
        "body_markdown": False,
        "comment_count": False,
        "comments": False,
        "creation_date": True,
        "last_activity_date": True,
        "last_edit_date": True,
        "link": True,
        "owner": True,
        "score": True,
        "tags": True,
        "title": True,
        "view_count": True,
    },
    "tag": {
        "count": True,
        "has_synonyms": True,
        "is_moderator_only": True,
        "is_required": True,
        "last_activity_date": False,
        "name": True,
        "synonyms": False,
        "user_id": False,
    },
    "user": {
        "about_me": False,
        "account_id": True,
        "answer_count": False,
        "creation_date": True,
        "department": False,
        "display_name": True,
        "email": False,
        "is_employee": True,
        "job_title": False,
        "last_access_date": True,
        "last_modified_date": True,
        "link": True,
        "profile_image": True,
        "question_count": False,
        "reputation": True,
        "user_id": True,
        "user_type": True,
    },
    "shallow_user": {
        "account_id": True,
        "display_name": True,
        "link": True,
        "profile_image": True,
        "reputation": True,
        "user_id": True,
        "user_type": True,
    },
    "reputation_history": {
        "creation_date": True,
        "post_id": True,
        "reputation_change": True,
        "reputation_history_type": True,
        "user_id": True,
    },
    "info": {
        "answers_per_minute": True,
        "api_revision": True,
        "questions_per_minute": True,
        "total_accepted": True,
        "total_answers": True,
        "total_comments": True,
        "total_questions": True,
        "total_unanswered": True,
        "total_users": True,
        "total_votes": True,
    },
    "filter": {
        "filter": True,
        "filter_type": True,
        "included_fields": True,
    },
}

ALL_FIELDS = frozenset(f"{kind}.{name}" for kind, names in FIELDS.items() for name in names)
DEFAULT_FIELDS = frozenset(
    f"{kind}.{name}" for kind, names in FIELDS.items() for name, on in names.items() if on
)
# `withbody`: the default and the bodies of posts.
WITHBODY_FIELDS = DEFAULT_FIELDS | {
    "question.body",
    "answer.body",
    "post.body",
    "article.body",
}
BUILT_IN = {
    "default": DEFAULT_FIELDS,
    "withbody": WITHBODY_FIELDS,
    "none": frozenset(),
    "total": frozenset({".total"}),
}
CREATED_PREFIX = "!"
MAX_FILTER_LENGTH = 4000

UNKNOWN_FILTER_MESSAGE = (
    "Not a filter: use default, withbody, none, total or one made by /filters/create."
)
UNKNOWN_BASE_MESSAGE = "Not a filter to build on: default, withbody, none, total or a created one."


def unknown_fields_message(names) -> str:
    return "Unknown field(s): " + ", ".join(sorted(names)) + "."


class FilterError(ValueError):
    """A filter string, or a field named in one, that is not valid (a 400 `bad_parameter`)."""


@dataclass(frozen=True)
class Filter:
    """A resolved filter: the `type.field` names it includes, and whether strings are left
    unescaped (`unsafe`)."""

    fields: frozenset
    unsafe: bool = False
    name: str = "default"

    def includes(self, kind: str, field: str) -> bool:
        return f"{kind}.{field}" in self.fields

    def included(self, kind: str) -> list[str]:
        """The fields of `kind` this filter includes, in the type's documented order."""
        return [name for name in FIELDS[kind] if f"{kind}.{name}" in self.fields]

    @property
    def filter_type(self) -> str:
        return "unsafe" if self.unsafe else "safe"


def _fields(names) -> frozenset:
    names = list(names)
    unknown = {name for name in names if name not in ALL_FIELDS}
    if unknown:
        raise FilterError(unknown_fields_message(unknown))
    return frozenset(names)


def _from_wire(name: str) -> str:
    """Stack writes wrapper fields with a leading dot (`.total`); a bare `total` means it too."""
    name = name.strip()
    return name if "." in name else f".{name}"


def filter_parse(value: str | None) -> Filter:
    """The filter a request names (`filter=`), `default` when none."""
    if not value:
        return Filter(fields=DEFAULT_FIELDS)
    if value in BUILT_IN:
        return Filter(fields=BUILT_IN[value], name=value)
    if not value.startswith(CREATED_PREFIX) or len(value) > MAX_FILTER_LENGTH:
        raise FilterError(UNKNOWN_FILTER_MESSAGE)
    encoded = value[len(CREATED_PREFIX) :]
    try:
        raw = zlib.decompress(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        data = json.loads(raw)
        added, removed, unsafe = data.get("+", []), data.get("-", []), bool(data.get("u"))
        names_given = [*added, *removed]
        if not all(isinstance(n, str) for n in names_given):
            raise TypeError
        names = (DEFAULT_FIELDS | _fields(added)) - _fields(removed)
    except (binascii.Error, zlib.error, ValueError, TypeError, KeyError):
        raise FilterError(UNKNOWN_FILTER_MESSAGE) from None
    return Filter(fields=_fields(names), unsafe=unsafe, name=value)


def _encode(fields: frozenset, unsafe: bool) -> str:
    """The fields as their difference from the default filter (short strings)."""
    data = {"+": sorted(fields - DEFAULT_FIELDS), "-": sorted(DEFAULT_FIELDS - fields)}
    if unsafe:
        data["u"] = True
    raw = zlib.compress(json.dumps(data, separators=(",", ":")).encode(), 9)
    return CREATED_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def filter_create(
    *, base: str | None, include: list[str], exclude: list[str], unsafe: bool
) -> Filter:
    """A new filter: `base` (default `default`) plus `include`, minus `exclude`. Names are
    `type.field`, or `.field` for the wrapper; an unknown one is a `FilterError`."""
    try:
        start = filter_parse(base)
    except FilterError:
        raise FilterError(UNKNOWN_BASE_MESSAGE) from None
    include = _fields(_from_wire(n) for n in include)
    exclude = _fields(_from_wire(n) for n in exclude)
    fields = (start.fields | include) - exclude
    return Filter(fields=fields, unsafe=unsafe, name=_encode(fields, unsafe))


def wire_names(flt: Filter) -> list[str]:
    """The included fields as a filter description lists them (`.total`, `question.body`)."""
    return sorted(flt.fields)
