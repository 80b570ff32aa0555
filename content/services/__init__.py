"""Every write to a team's content, one module per resource; all importable from here."""

from .comments import comment_create, comment_delete
from .common import EDIT_NOT_ALLOWED_MESSAGE, check_may_edit, is_team_admin, reputation_add
from .images import image_check, image_create, image_delete
from .questions import (
    ACCEPT_NOT_ALLOWED_MESSAGE,
    REPUTATION_FOR_DOWNVOTE,
    REPUTATION_FOR_UPVOTE,
    SELF_VOTE_MESSAGE,
    answer_accept,
    answer_create,
    answer_delete,
    answer_unaccept,
    answer_update,
    question_create,
    question_delete,
    question_search_rebuild,
    question_update,
    team_stats_refresh,
    vote_cast,
    vote_withdraw,
)
from .tags import MAX_TAGS, TAGS_REQUIRED_MESSAGE, tag_names_clean, tags_for

__all__ = [
    "ACCEPT_NOT_ALLOWED_MESSAGE",
    "EDIT_NOT_ALLOWED_MESSAGE",
    "MAX_TAGS",
    "REPUTATION_FOR_DOWNVOTE",
    "REPUTATION_FOR_UPVOTE",
    "SELF_VOTE_MESSAGE",
    "TAGS_REQUIRED_MESSAGE",
    "answer_accept",
    "answer_create",
    "answer_delete",
    "answer_unaccept",
    "answer_update",
    "check_may_edit",
    "comment_create",
    "comment_delete",
    "image_check",
    "image_create",
    "image_delete",
    "is_team_admin",
    "question_create",
    "question_delete",
    "question_search_rebuild",
    "question_update",
    "reputation_add",
    "tag_names_clean",
    "tags_for",
    "team_stats_refresh",
    "vote_cast",
    "vote_withdraw",
]
