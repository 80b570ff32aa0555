"""What the tools return: plain JSON built from the selectors' rows, nothing queried here.

Each shape is a `TypedDict`: the builders below return one, and the tool's `outputSchema`
is generated from the same type (`pydantic.TypeAdapter(...).json_schema()`), so what a
tool declares and what it sends cannot drift apart (the SDK's client validates every
result against the declared schema, and the tests use that client).

Names are camelCase, as in API v3; dates are ISO 8601 in UTC; bodies are the Markdown the
author wrote; every post, comment, tag and person carries the absolute `webUrl` of its page
(`content.urls_paths`, the paths every face shares), so that an agent can cite it.
"""

from typing import Literal, NotRequired

from typing_extensions import TypedDict  # pydantic needs its TypedDict before Python 3.12

from .. import models
from ..urls_paths import (
    answer_path,
    article_path,
    comment_path,
    question_path,
    tag_path,
    user_path,
)
from .caller import Caller


class Person(TypedDict):
    """A member of the team."""

    id: int
    name: str
    webUrl: str


class Comment(TypedDict):
    id: int
    body: str
    author: Person | None
    creationDate: str
    webUrl: str


class Answer(TypedDict):
    id: int
    questionId: int
    body: str
    score: int
    isAccepted: bool
    author: Person | None
    creationDate: str
    lastActivityDate: str
    webUrl: str
    comments: list[Comment]


class Question(TypedDict):
    id: int
    title: str
    body: str
    tags: list[str]
    score: int
    viewCount: int
    answerCount: int
    isAnswered: bool
    acceptedAnswerId: int | None
    author: Person | None
    creationDate: str
    lastActivityDate: str
    webUrl: str
    comments: list[Comment]
    answers: list[Answer]


class Article(TypedDict):
    id: int
    title: str
    articleType: str
    body: str
    tags: list[str]
    score: int
    viewCount: int
    author: Person | None
    creationDate: str
    lastActivityDate: str
    webUrl: str
    comments: list[Comment]


class SearchResult(TypedDict):
    """A question (`type` "question", with its answer counts) or an article (`type`
    "article", with its `articleType`)."""

    type: Literal["question", "article"]
    id: int
    title: str
    excerpt: str
    tags: list[str]
    score: int
    author: Person | None
    creationDate: str
    lastActivityDate: str
    webUrl: str
    answerCount: NotRequired[int]
    isAnswered: NotRequired[bool]
    hasAcceptedAnswer: NotRequired[bool]
    articleType: NotRequired[str]


class SearchResults(TypedDict):
    query: str
    totalCount: int
    page: int
    pageSize: int
    totalPages: int
    items: list[SearchResult]


class TagSummary(TypedDict):
    id: int
    name: str
    description: str
    postCount: int
    subjectMatterExpertCount: int
    watcherCount: int
    webUrl: str


class TagList(TypedDict):
    totalCount: int
    page: int
    pageSize: int
    totalPages: int
    items: list[TagSummary]


class ExpertGroup(TypedDict):
    id: int
    name: str
    members: list[Person]


class SubjectMatterExperts(TypedDict):
    users: list[Person]
    groups: list[ExpertGroup]


class Tag(TagSummary):
    subjectMatterExperts: SubjectMatterExperts


class User(TypedDict):
    id: int
    name: str
    role: Literal["member", "admin"]
    reputation: int
    jobTitle: str
    department: str
    isCurrentUser: bool
    webUrl: str


class PostedComment(Comment):
    """A new comment, with the post it is under."""

    postId: int
    postType: Literal["question", "answer", "article"]


# --- Builders ------------------------------------------------------------------------------


def iso(value) -> str:
    """A UTC datetime as ISO 8601 with `Z`, as API v3 writes it."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def person(caller: Caller, user) -> Person | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.name, "webUrl": caller.url(user_path, user.pk)}


def _comment(caller: Caller, comment, *, question_id, article_id, post_id) -> Comment:
    return {
        "id": comment.pk,
        "body": comment.body_markdown,
        "author": person(caller, comment.owner),
        "creationDate": iso(comment.created_at),
        "webUrl": caller.url(
            comment_path,
            question_id=question_id,
            article_id=article_id,
            comment_id=comment.pk,
            post_id=post_id,
        ),
    }


def question_comment(caller: Caller, comment, *, question_id: int, post_id: int) -> Comment:
    """A comment under a question (`post_id` = its id) or one of its answers (the answer's)."""
    return _comment(caller, comment, question_id=question_id, article_id=None, post_id=post_id)


def article_comment(caller: Caller, comment, *, article_id: int) -> Comment:
    return _comment(caller, comment, question_id=None, article_id=article_id, post_id=article_id)


def answer(caller: Caller, row, *, comments: list | None = None) -> Answer:
    """An answer row of `answer_decorate`; `comments` when its comments were loaded."""
    return {
        "id": row.pk,
        "questionId": row.question_id,
        "body": row.body_markdown,
        "score": row.score,
        "isAccepted": bool(getattr(row, "is_accepted", False)),
        "author": person(caller, row.owner),
        "creationDate": iso(row.created_at),
        "lastActivityDate": iso(row.last_activity_at),
        "webUrl": caller.url(answer_path, row.question_id, row.pk),
        "comments": [
            question_comment(caller, c, question_id=row.question_id, post_id=row.pk)
            for c in comments or ()
        ],
    }


def question(caller: Caller, row) -> Question:
    """A question of `question_get(with_answers=True)`: its comments and answers embedded
    (accepted first, then by score)."""
    return {
        "id": row.pk,
        "title": row.title,
        "body": row.body_markdown,
        "tags": [tag.name for tag in row.tags.all()],
        "score": row.score,
        "viewCount": row.view_count,
        "answerCount": row.answer_count,
        "isAnswered": row.is_answered,
        "acceptedAnswerId": row.accepted_answer_id,
        "author": person(caller, row.owner),
        "creationDate": iso(row.created_at),
        "lastActivityDate": iso(row.last_activity_at),
        "webUrl": caller.url(question_path, row.pk),
        "comments": [
            question_comment(caller, c, question_id=row.pk, post_id=row.pk)
            for c in row.comments.all()
        ],
        "answers": [answer(caller, a, comments=a.comments.all()) for a in row.answers.all()],
    }


def article(caller: Caller, row, *, comments) -> Article:
    return {
        "id": row.pk,
        "title": row.title,
        "articleType": row.type,
        "body": row.body_markdown,
        "tags": [tag.name for tag in row.tags.all()],
        "score": row.score,
        "viewCount": row.view_count,
        "author": person(caller, row.owner),
        "creationDate": iso(row.created_at),
        "lastActivityDate": iso(row.last_activity_at),
        "webUrl": caller.url(article_path, row.pk),
        "comments": [article_comment(caller, c, article_id=row.pk) for c in comments],
    }


def result_type(row) -> Literal["question", "article"]:
    """The kind of a `content_search` row."""
    return "article" if isinstance(row, models.Article) else "question"


def search_result(caller: Caller, row, *, highlight) -> SearchResult:
    """A row of `content_search` (a `Question` or an `Article`, with its `search_tags`) and
    its `search_highlights` entry: the excerpt around the match, as plain text."""
    is_article = result_type(row) == "article"
    result: SearchResult = {
        "type": result_type(row),
        "id": row.pk,
        "title": row.title,
        "excerpt": "".join(text for text, _ in highlight.excerpt) if highlight else "",
        "tags": [tag.name for tag in row.search_tags],
        "score": row.score,
        "author": person(caller, row.owner),
        "creationDate": iso(row.created_at),
        "lastActivityDate": iso(row.last_activity_at),
        "webUrl": caller.url(article_path if is_article else question_path, row.pk),
    }
    if is_article:
        result["articleType"] = row.type
    else:
        result["answerCount"] = row.answer_count
        result["isAnswered"] = row.is_answered
        result["hasAcceptedAnswer"] = row.accepted_answer_id is not None
    return result


def page_of(page, items: list) -> dict:
    return {
        "totalCount": page.total_count,
        "page": page.page,
        "pageSize": page.page_size,
        "totalPages": page.total_pages,
        "items": items,
    }


def tag_summary(caller: Caller, row) -> TagSummary:
    """A tag with `tag_annotations` (its SME and watcher counts)."""
    return {
        "id": row.pk,
        "name": row.name,
        "description": row.description or "",
        "postCount": row.post_count,
        "subjectMatterExpertCount": row.sme_count,
        "watcherCount": row.watcher_count,
        "webUrl": caller.url(tag_path, row.name),
    }


def tag(caller: Caller, row) -> Tag:
    """A tag of `tag_get`/`tag_get_by_name`, with its subject-matter experts: the users
    named, and the groups named with their members."""
    return {
        **tag_summary(caller, row),
        "subjectMatterExperts": {
            "users": [person(caller, user) for user in row.sme_user_list],
            "groups": [
                {
                    "id": group.pk,
                    "name": group.name,
                    "members": [person(caller, user) for user in group.member_list],
                }
                for group in row.sme_group_list
            ],
        },
    }


def user(caller: Caller, membership) -> User:
    """A Membership with its user (`member_get`)."""
    member = membership.user
    return {
        "id": member.pk,
        "name": member.name,
        "role": membership.role,
        "reputation": membership.reputation,
        "jobTitle": member.job_title,
        "department": member.department,
        "isCurrentUser": member.pk == caller.user.pk,
        "webUrl": caller.url(user_path, member.pk),
    }
