"""Every read of a team's content, one module per resource; all importable from here."""

from .common import MAX_ID, check_id
from .pagination import Page, paginate
from .questions import (
    ANSWER_SORTS,
    QUESTION_SORTS,
    answer_get,
    answer_get_for_write,
    answer_list,
    comment_list,
    question_count,
    question_get,
    question_get_for_write,
    question_list,
)
from .search import SEARCH_SORTS, question_search
from .tags import (
    TAG_SORTS,
    tag_annotations,
    tag_get,
    tag_get_for_write,
    tag_list,
    tag_smes_get,
    tag_watcher_list,
    watched_tag_list,
)
from .users import (
    USER_SORTS,
    member_get,
    member_get_by_email,
    member_get_by_external_id,
    member_is_admin,
    member_list,
)

__all__ = [
    "ANSWER_SORTS",
    "MAX_ID",
    "QUESTION_SORTS",
    "SEARCH_SORTS",
    "TAG_SORTS",
    "USER_SORTS",
    "Page",
    "answer_get",
    "answer_get_for_write",
    "answer_list",
    "check_id",
    "comment_list",
    "member_get",
    "member_get_by_email",
    "member_get_by_external_id",
    "member_is_admin",
    "member_list",
    "paginate",
    "question_count",
    "question_get",
    "question_get_for_write",
    "question_list",
    "question_search",
    "tag_annotations",
    "tag_get",
    "tag_get_for_write",
    "tag_list",
    "tag_smes_get",
    "tag_watcher_list",
    "watched_tag_list",
]
