"""A team's knowledge, one module per resource; everything is importable from here."""

from .articles import Article
from .groups import UserGroup
from .questions import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Answer,
    Comment,
    Question,
    TeamContentStats,
    Vote,
)
from .tags import TAG_NAME_MAX_LENGTH, Tag, TagSynonym, TagWatch

__all__ = [
    "BODY_MAX_LENGTH",
    "COMMENT_MAX_LENGTH",
    "TAG_NAME_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "Answer",
    "Article",
    "Comment",
    "Question",
    "Tag",
    "TagSynonym",
    "TagWatch",
    "TeamContentStats",
    "UserGroup",
    "Vote",
]
