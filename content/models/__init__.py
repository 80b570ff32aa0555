"""A team's knowledge, one module per resource; everything is importable from here."""

from .articles import Article, ArticleLink, ArticleVote
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
from .tags import TAG_NAME_MAX_LENGTH, Tag

__all__ = [
    "BODY_MAX_LENGTH",
    "COMMENT_MAX_LENGTH",
    "TAG_NAME_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "Answer",
    "Article",
    "ArticleLink",
    "ArticleVote",
    "Comment",
    "Question",
    "Tag",
    "TeamContentStats",
    "UserGroup",
    "Vote",
]
