"""The tools: each one parses its arguments, calls one selector or service, and returns a
shape of `shapes.py`. Synchronous, on the request's thread (see `server.py`).

Reads: `search`, `get_question`, `get_article`, `list_tags`, `get_tag`, `get_user`.
Writes (listed only when the token may write in its team, i.e. `tokens.permissions.may_write`):
`create_question`, `create_answer`, `create_article`, `add_comment`.

Errors follow the MCP specification's split. Protocol errors (a JSON-RPC error): an unknown
tool, and a write tool called by a token that may not write (the tool is not in its list;
the message is the API's 403 message: write access is required). Tool execution errors (a
result with `isError: true`, which the model reads and can act on): arguments that do not
fit the input schema, a post that does not exist in the team, and the content rules of the
services (who may do what, texts, tags), with the services' own messages.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal

import mcp_types as types
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from mcp.shared.exceptions import MCPError
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from tokens.errors import OUTAGE_ERRORS, InsufficientScope
from tokens.permissions import write_access_check

from .. import selectors, services
from ..models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    MAX_ID,
    TAG_NAME_MAX_LENGTH,
    TAG_NAME_PATTERN,
    TITLE_MAX_LENGTH,
)
from ..selectors.pagination import MAX_PAGE
from ..services.tags import MAX_TAGS
from . import shapes
from .caller import Caller

UNKNOWN_TOOL_MESSAGE = "Unknown tool: {name}"
INVALID_ARGUMENTS_MESSAGE = "Invalid arguments: {errors}"
NOT_ALLOWED_MESSAGE = "You are not allowed to do this."
MAX_SEARCH_PAGE_SIZE = 50
DEFAULT_SEARCH_PAGE_SIZE = 10
MAX_TAG_PAGE_SIZE = 100
DEFAULT_TAG_PAGE_SIZE = 30

# --- Arguments -------------------------------------------------------------------------------

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE, description="1 for the first page.")]
Markdown = Annotated[str, Field(min_length=1, max_length=BODY_MAX_LENGTH, description="Markdown.")]
Title = Annotated[str, Field(min_length=1, max_length=TITLE_MAX_LENGTH)]
TagName = Annotated[
    str, Field(min_length=1, max_length=TAG_NAME_MAX_LENGTH, pattern=TAG_NAME_PATTERN)
]
Tags = Annotated[
    list[TagName],
    Field(
        min_length=1,
        max_length=MAX_TAGS,
        description=(
            f"1 to {MAX_TAGS} tag names (letters, digits and + # . -): existing tags of the "
            "team where they fit (see list_tags), new ones are created."
        ),
    ),
]


class Arguments(BaseModel):
    """A tool's arguments: its input schema, and the validation of what a client sends."""

    model_config = ConfigDict(extra="forbid")


class SearchArguments(Arguments):
    query: Annotated[
        str,
        Field(
            min_length=1,
            max_length=500,
            description=(
                "Words to look for in titles, bodies and answers. PostgreSQL sites also take "
                '"an exact phrase", -excluded words and OR.'
            ),
        ),
    ]
    sort: Literal["relevance", "newest", "active", "score"] = "relevance"
    page: PageNumber = 1
    pageSize: Annotated[int, Field(ge=1, le=MAX_SEARCH_PAGE_SIZE)] = DEFAULT_SEARCH_PAGE_SIZE


class QuestionArguments(Arguments):
    questionId: Id


class ArticleArguments(Arguments):
    articleId: Id


class TagListArguments(Arguments):
    query: Annotated[
        str | None, Field(max_length=TAG_NAME_MAX_LENGTH, description="Part of a tag's name.")
    ] = None
    sort: Literal["postCount", "name", "creationDate"] = "postCount"
    page: PageNumber = 1
    pageSize: Annotated[int, Field(ge=1, le=MAX_TAG_PAGE_SIZE)] = DEFAULT_TAG_PAGE_SIZE


class TagArguments(Arguments):
    name: Annotated[
        str, Field(min_length=1, max_length=TAG_NAME_MAX_LENGTH, description="A tag's name.")
    ]


class UserArguments(Arguments):
    userId: Annotated[Id | None, Field(description="Leave out for yourself.")] = None


class QuestionCreateArguments(Arguments):
    title: Title
    body: Markdown
    tags: Tags


class AnswerCreateArguments(Arguments):
    questionId: Id
    body: Markdown


class ArticleCreateArguments(Arguments):
    title: Title
    body: Markdown
    tags: Tags
    articleType: Literal["knowledgeArticle", "announcement", "policy", "howToGuide"] = (
        "knowledgeArticle"
    )


class CommentCreateArguments(Arguments):
    postId: Annotated[Id, Field(description="The id of a question, an answer or an article.")]
    body: Annotated[
        str, Field(min_length=1, max_length=COMMENT_MAX_LENGTH, description="Markdown.")
    ]


# --- What each tool does ----------------------------------------------------------------------


def search(caller: Caller, args: SearchArguments) -> shapes.SearchResults:
    page = selectors.content_search(
        team=caller.team,
        user=caller.user,
        query=args.query,
        page=args.page,
        page_size=args.pageSize,
        sort=args.sort,
    )
    highlights = selectors.search_highlights(items=page.items, query=args.query)
    items = [
        shapes.search_result(
            caller, row, highlight=highlights.get((shapes.result_type(row), row.pk))
        )
        for row in page.items
    ]
    return {"query": args.query, **shapes.page_of(page, items)}


def get_question(caller: Caller, args: QuestionArguments) -> shapes.Question:
    row = selectors.question_get(
        team=caller.team, user=caller.user, question_id=args.questionId, with_answers=True
    )
    return shapes.question(caller, row)


def get_article(caller: Caller, args: ArticleArguments) -> shapes.Article:
    row = selectors.article_get(team=caller.team, user=caller.user, article_id=args.articleId)
    return shapes.article(caller, row, comments=selectors.article_comment_list(article=row))


def list_tags(caller: Caller, args: TagListArguments) -> shapes.TagList:
    page = selectors.tag_list(
        team=caller.team,
        page=args.page,
        page_size=args.pageSize,
        sort=args.sort,
        order="asc" if args.sort == "name" else "desc",
        partial_name=(args.query or "").strip().lower() or None,
    )
    return shapes.page_of(page, [shapes.tag_summary(caller, row) for row in page.items])


def get_tag(caller: Caller, args: TagArguments) -> shapes.Tag:
    return shapes.tag(caller, selectors.tag_get_by_name(team=caller.team, name=args.name))


def get_user(caller: Caller, args: UserArguments) -> shapes.User:
    user_id = args.userId if args.userId is not None else caller.user.pk
    return shapes.user(caller, selectors.member_get(team=caller.team, user_id=user_id))


def create_question(caller: Caller, args: QuestionCreateArguments) -> shapes.Question:
    question = services.question_create(
        team=caller.team, user=caller.user, title=args.title, body=args.body, tags=args.tags
    )
    return get_question(caller, QuestionArguments(questionId=question.pk))


def create_answer(caller: Caller, args: AnswerCreateArguments) -> shapes.Answer:
    question = selectors.question_get_for_write(team=caller.team, question_id=args.questionId)
    answer = services.answer_create(question=question, user=caller.user, body=args.body)
    row = selectors.answer_get(question=question, user=caller.user, answer_id=answer.pk)
    return shapes.answer(caller, row)


def create_article(caller: Caller, args: ArticleCreateArguments) -> shapes.Article:
    article = services.article_create(
        team=caller.team,
        user=caller.user,
        title=args.title,
        body=args.body,
        tags=args.tags,
        type=args.articleType,
    )
    row = selectors.article_get(team=caller.team, user=caller.user, article_id=article.pk)
    return shapes.article(caller, row, comments=[])


def add_comment(caller: Caller, args: CommentCreateArguments) -> shapes.PostedComment:
    team, post_id = caller.team, args.postId
    kind = selectors.post_kinds(team=team, ids=[post_id]).get(post_id)
    if kind == "question":
        question = selectors.question_get_for_write(team=team, question_id=post_id)
        comment = services.comment_create(user=caller.user, body=args.body, question=question)
        data = shapes.question_comment(caller, comment, question_id=post_id, post_id=post_id)
    elif kind == "answer":
        answer = selectors.answer_of_team_get_for_write(team=team, answer_id=post_id)
        comment = services.comment_create(
            user=caller.user, body=args.body, question=answer.question, answer=answer
        )
        data = shapes.question_comment(
            caller, comment, question_id=answer.question_id, post_id=post_id
        )
    elif kind == "article":
        article = selectors.article_get_for_write(team=team, article_id=post_id)
        comment = services.comment_create(user=caller.user, body=args.body, article=article)
        data = shapes.article_comment(caller, comment, article_id=post_id)
    else:
        raise Http404
    return {**data, "postId": post_id, "postType": kind}


# --- The table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentTool:
    """A tool as `tools/list` shows it, and how `tools/call` runs it. `not_found` is the
    message when the selector finds nothing (formatted with the arguments)."""

    name: str
    title: str
    description: str
    arguments: type[Arguments]
    result: type
    run: Callable[[Caller, Any], dict]
    writes: bool = False
    not_found: str = "Not found in this team."

    @cached_property
    def input_schema(self) -> dict:
        return _schema(self.arguments.model_json_schema())

    @cached_property
    def definition(self) -> types.Tool:
        return types.Tool(
            name=self.name,
            title=self.title,
            description=self.description,
            input_schema=self.input_schema,
            output_schema=_schema(TypeAdapter(self.result).json_schema()),
            annotations=types.ToolAnnotations(
                read_only_hint=not self.writes,
                destructive_hint=False,  # the write tools only add
                idempotent_hint=not self.writes,
                open_world_hint=False,  # this team's content, nothing else
            ),
        )


def _schema(schema: dict) -> dict:
    """A generated JSON Schema without pydantic's `title`s (the names say it; every tool
    description is read by a model, so its schema is kept short)."""
    if isinstance(schema, dict):
        return {
            key: _schema(value)
            for key, value in schema.items()
            if not (key == "title" and isinstance(value, str))
        }
    if isinstance(schema, list):
        return [_schema(value) for value in schema]
    return schema


_QUESTION_NOT_FOUND = "There is no question {questionId} in this team."
_CITE = " Cite the webUrl of what you use."

TOOLS = {
    tool.name: tool
    for tool in (
        AgentTool(
            name="search",
            title="Search questions and articles",
            description=(
                "Search the team's questions (with their answers) and articles, ranked by "
                "relevance, newest, activity or score. Each result has a short excerpt and its "
                "webUrl; read one in full with get_question or get_article. Search before "
                "answering from memory: the team may have solved it already." + _CITE
            ),
            arguments=SearchArguments,
            result=shapes.SearchResults,
            run=search,
        ),
        AgentTool(
            name="get_question",
            title="Read a question",
            description=(
                "A question with its comments and all its answers (the accepted answer "
                "first, then by score), each with its comments, bodies in Markdown." + _CITE
            ),
            arguments=QuestionArguments,
            result=shapes.Question,
            run=get_question,
            not_found=_QUESTION_NOT_FOUND,
        ),
        AgentTool(
            name="get_article",
            title="Read an article",
            description=(
                "An article (knowledge article, announcement, policy or how-to guide) with "
                "its comments, body in Markdown." + _CITE
            ),
            arguments=ArticleArguments,
            result=shapes.Article,
            run=get_article,
            not_found="There is no article {articleId} in this team.",
        ),
        AgentTool(
            name="list_tags",
            title="List tags",
            description=(
                "The team's tags (most used first, or by name or creation date), optionally "
                "only those whose name contains `query`: the topics the team writes about, "
                "and the names to tag new posts with."
            ),
            arguments=TagListArguments,
            result=shapes.TagList,
            run=list_tags,
        ),
        AgentTool(
            name="get_tag",
            title="Read a tag and its experts",
            description=(
                "A tag (by name, or one of its synonyms) with its subject-matter experts: "
                "the people and groups to ask about the topic."
            ),
            arguments=TagArguments,
            result=shapes.Tag,
            run=get_tag,
            not_found="There is no tag named {name!r} in this team.",
        ),
        AgentTool(
            name="get_user",
            title="Read a member's profile",
            description=(
                "A member of the team: name, role, reputation in the team, job title and "
                "department. Without userId: the user this token acts for."
            ),
            arguments=UserArguments,
            result=shapes.User,
            run=get_user,
            not_found="There is no member {userId} in this team.",
        ),
        AgentTool(
            name="create_question",
            title="Ask a question",
            description=(
                "Post a new question to the team, as the token's user. Search first: do not "
                "ask what is already answered. Returns the question with its webUrl."
            ),
            arguments=QuestionCreateArguments,
            result=shapes.Question,
            run=create_question,
            writes=True,
        ),
        AgentTool(
            name="create_answer",
            title="Answer a question",
            description="Post an answer to a question, as the token's user. Returns the answer.",
            arguments=AnswerCreateArguments,
            result=shapes.Answer,
            run=create_answer,
            writes=True,
            not_found=_QUESTION_NOT_FOUND,
        ),
        AgentTool(
            name="create_article",
            title="Write an article",
            description=(
                "Publish an article (knowledge article, announcement, policy or how-to "
                "guide), as the token's user; only they and team admins may edit it. "
                "Returns the article with its webUrl."
            ),
            arguments=ArticleCreateArguments,
            result=shapes.Article,
            run=create_article,
            writes=True,
        ),
        AgentTool(
            name="add_comment",
            title="Comment on a post",
            description=(
                "Comment on a question, an answer or an article (by its id: posts share one "
                "id space), as the token's user. Returns the comment with its webUrl."
            ),
            arguments=CommentCreateArguments,
            result=shapes.PostedComment,
            run=add_comment,
            writes=True,
            not_found="There is no question, answer or article {postId} in this team.",
        ),
    )
}


def tool_list(caller: Caller) -> list[types.Tool]:
    """The tools this caller may call: the write tools only when the token may write."""
    may_write = caller.may_write
    return [tool.definition for tool in TOOLS.values() if may_write or not tool.writes]


def input_schema(name: str) -> dict | None:
    tool = TOOLS.get(name)
    return None if tool is None else tool.input_schema


def tool_call(caller: Caller, name: str, arguments: dict) -> types.CallToolResult:
    """Run the tool `name` for `caller` (see the module for what is an error of which kind).

    A database outage is left on the request (`mcp_outage`) for the view to answer 503, as
    the API does; anything else unexpected propagates (a JSON-RPC internal error).
    """
    tool = TOOLS.get(name)
    if tool is None:
        raise MCPError(types.INVALID_PARAMS, UNKNOWN_TOOL_MESSAGE.format(name=name))
    if tool.writes:
        try:
            write_access_check(token=caller.token, team=caller.team)
        except InsufficientScope as exc:
            raise MCPError(
                types.INVALID_PARAMS, str(exc.detail), data={"scope": exc.scope, "tool": name}
            ) from None
    caller.request.mcp_tool = name  # for the request's usage record
    try:
        args = tool.arguments.model_validate(arguments)
    except ValidationError as exc:
        return error_result(INVALID_ARGUMENTS_MESSAGE.format(errors=_pydantic_errors(exc)))
    try:
        data = tool.run(caller, args)
    except Http404:
        return error_result(tool.not_found.format(**args.model_dump()))
    except PermissionDenied as exc:
        return error_result(str(exc) or NOT_ALLOWED_MESSAGE)
    except DjangoValidationError as exc:
        return error_result(_django_errors(exc))
    except OUTAGE_ERRORS as exc:
        caller.request.mcp_outage = exc
        raise
    text = json.dumps(data, ensure_ascii=False)
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=text)], structured_content=data
    )


def error_result(message: str) -> types.CallToolResult:
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=message)], is_error=True
    )


def _pydantic_errors(exc: ValidationError) -> str:
    """`field: message` for each error; the rejected values are not echoed."""
    parts = []
    for error in exc.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in error["loc"]) or "arguments"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def _django_errors(exc: DjangoValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{field}: {message}"
            for field, messages in exc.message_dict.items()
            for message in messages
        )
    return "; ".join(exc.messages)
