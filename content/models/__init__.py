"""A team's knowledge, one module per resource; everything is importable from here."""

from .articles import Article, ArticleLink, ArticleVote
from .bookmarks import Bookmark
from .collections import (
    COLLECTION_DESCRIPTION_MAX_LENGTH,
    COLLECTION_MAX_ITEMS,
    Collection,
    CollectionItem,
)
from .common import MAX_ID
from .flags import FLAG_COMMENT_MAX_LENGTH, Flag
from .groups import GROUP_DESCRIPTION_MAX_LENGTH, GROUP_NAME_MAX_LENGTH, UserGroup
from .images import Image
from .links import PostLink
from .posts import POST_ID_SEQUENCE, PostId, PostIdField
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
from .reputation import ReputationChange
from .tags import TAG_NAME_MAX_LENGTH, TAG_NAME_MESSAGE, TAG_NAME_PATTERN, Tag, TagSynonym, TagWatch
from .watches import QuestionWatch

__all__ = [
    "BODY_MAX_LENGTH",
    "COLLECTION_DESCRIPTION_MAX_LENGTH",
    "COLLECTION_MAX_ITEMS",
    "COMMENT_MAX_LENGTH",
    "FLAG_COMMENT_MAX_LENGTH",
    "GROUP_DESCRIPTION_MAX_LENGTH",
    "GROUP_NAME_MAX_LENGTH",
    "MAX_ID",
    "POST_ID_SEQUENCE",
    "TAG_NAME_MAX_LENGTH",
    "TAG_NAME_MESSAGE",
    "TAG_NAME_PATTERN",
    "TITLE_MAX_LENGTH",
    "Answer",
    "Article",
    "ArticleLink",
    "ArticleVote",
    "Bookmark",
    "Collection",
    "CollectionItem",
    "Comment",
    "Flag",
    "Image",
    "PostId",
    "PostIdField",
    "PostLink",
    "Question",
    "QuestionWatch",
    "ReputationChange",
    "Tag",
    "TagSynonym",
    "TagWatch",
    "TeamContentStats",
    "UserGroup",
    "Vote",
]
