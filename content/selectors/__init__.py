"""Every read of a team's content, one module per resource; all importable from here."""

from .articles import (
    ARTICLE_SORTS,
    article_comment_list,
    article_get,
    article_get_for_write,
    article_linked_questions,
    article_list,
)
from .collections import (
    COLLECTION_PERMISSIONS,
    COLLECTION_SORTS,
    collection_get,
    collection_get_for_write,
    collection_list,
)
from .common import MAX_ID, check_id
from .flags import FlagOptions, flag_option_list
from .groups import (
    USER_GROUP_SORTS,
    user_group_get,
    user_group_get_for_write,
    user_group_list,
)
from .images import image_get, image_get_for_member
from .links import LINKED_SORTS, question_linked_list, question_related_list
from .pagination import Page, paginate
from .posts import POST_KINDS, post_kinds
from .questions import (
    ANSWER_SORTS,
    QUESTION_SORTS,
    answer_get,
    answer_get_for_write,
    answer_list,
    answer_of_team_get_for_write,
    comment_get_for_write,
    comment_list,
    question_count,
    question_get,
    question_get_for_write,
    question_list,
)
from .search import SEARCH_SORTS, content_search
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
    "ARTICLE_SORTS",
    "COLLECTION_PERMISSIONS",
    "COLLECTION_SORTS",
    "LINKED_SORTS",
    "MAX_ID",
    "POST_KINDS",
    "QUESTION_SORTS",
    "SEARCH_SORTS",
    "TAG_SORTS",
    "USER_GROUP_SORTS",
    "USER_SORTS",
    "FlagOptions",
    "Page",
    "answer_get",
    "answer_get_for_write",
    "answer_list",
    "answer_of_team_get_for_write",
    "article_comment_list",
    "article_get",
    "article_get_for_write",
    "article_linked_questions",
    "article_list",
    "check_id",
    "collection_get",
    "collection_get_for_write",
    "collection_list",
    "comment_get_for_write",
    "comment_list",
    "content_search",
    "flag_option_list",
    "image_get",
    "image_get_for_member",
    "member_get",
    "member_get_by_email",
    "member_get_by_external_id",
    "member_is_admin",
    "member_list",
    "paginate",
    "post_kinds",
    "question_count",
    "question_get",
    "question_get_for_write",
    "question_linked_list",
    "question_list",
    "question_related_list",
    "question_search",
    "tag_annotations",
    "tag_get",
    "tag_get_for_write",
    "tag_list",
    "tag_smes_get",
    "tag_watcher_list",
    "user_group_get",
    "user_group_get_for_write",
    "user_group_list",
    "watched_tag_list",
]
