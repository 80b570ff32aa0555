"""Every read of a team's content, one module per resource; all importable from here."""

from .articles import (
    ARTICLE_SORTS,
    LINKED_QUESTION_SORTS,
    article_comment_list,
    article_get,
    article_get_for_write,
    article_linked_questions,
    article_list,
)
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
from .search import SEARCH_SORTS, content_search
from .tags import TAG_SORTS, tag_get, tag_list
from .users import USER_SORTS, member_get, member_get_by_email, member_is_admin, member_list

__all__ = [
    "ANSWER_SORTS",
    "ARTICLE_SORTS",
    "LINKED_QUESTION_SORTS",
    "MAX_ID",
    "QUESTION_SORTS",
    "SEARCH_SORTS",
    "TAG_SORTS",
    "USER_SORTS",
    "Page",
    "answer_get",
    "answer_get_for_write",
    "answer_list",
    "article_comment_list",
    "article_get",
    "article_get_for_write",
    "article_linked_questions",
    "article_list",
    "check_id",
    "comment_list",
    "content_search",
    "member_get",
    "member_get_by_email",
    "member_is_admin",
    "member_list",
    "paginate",
    "question_count",
    "question_get",
    "question_get_for_write",
    "question_list",
    "tag_get",
    "tag_list",
]
