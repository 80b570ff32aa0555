"""A team's knowledge, one module per resource; everything is importable from here."""

from .articles import Article
from .bookmarks import Bookmark
from .flags import FLAG_COMMENT_MAX_LENGTH, Flag
from .groups import UserGroup
from .images import Image
from .links import PostLink
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
    "FLAG_COMMENT_MAX_LENGTH",
    "TAG_NAME_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "Answer",
    "Article",
    "Bookmark",
    "Comment",
    "Flag",
    "Image",
    "PostLink",
    "Question",
    "Tag",
    "TeamContentStats",
    "UserGroup",
    "Vote",
]
