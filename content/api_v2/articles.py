"""API v2.3: the team's articles (`/articles`, `/articles/{ids}`) and their writes
(`/articles/add`, `/articles/{id}/edit`), through `content.services.articles`: the same
rules as API v3 (anyone in the team writes an article; who may edit one is its
`editable_by`, see the services).

`article_type` takes the Stack Overflow for Teams v2.3 names (`knowledge-article`,
`announcement`, `how-to-guide`, `policy`). Article ids share the post id space with
questions and answers. `comment_count` is not served (no counter is kept).
"""

from django.db import transaction
from rest_framework import serializers

from ..models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Article
from ..selectors import article_get_for_write, article_list
from ..services import article_create, article_update
from ..urls_paths import article_path
from .base import RenderContext, Shape, V2Api, epoch
from .listing import page_response
from .params import boolean, id_vector, sorting, string_vector, tag_names
from .shapes import owner

ARTICLE_TYPES = {
    "knowledge-article": Article.Type.KNOWLEDGE_ARTICLE,
    "announcement": Article.Type.ANNOUNCEMENT,
    "how-to-guide": Article.Type.HOW_TO_GUIDE,
    "policy": Article.Type.POLICY,
}
WIRE_TYPES = {value: name for name, value in ARTICLE_TYPES.items()}
# v2.3 sort → (the selector's sort, how `min`/`max` are read)
ARTICLE_SORTS = {
    "activity": ("activity", "date"),
    "creation": ("creation", "date"),
    "votes": ("score", "int"),
}


class ArticleShape(Shape):
    """`article`: an Article as `selectors.articles.article_decorate` gives it."""

    type_name = "article"
    fields = {
        "article_id": lambda a, ctx: a.pk,
        "article_type": lambda a, ctx: WIRE_TYPES.get(a.type, a.type),
        "body": lambda a, ctx: a.body_html,
        "body_markdown": lambda a, ctx: ctx.text(a.body_markdown),
        "creation_date": lambda a, ctx: epoch(a.created_at),
        "last_activity_date": lambda a, ctx: epoch(a.last_activity_at),
        "last_edit_date": lambda a, ctx: epoch(a.last_edited_at),
        "link": lambda a, ctx: ctx.url(article_path(ctx.team_slug, a.pk)),
        "owner": lambda a, ctx: owner(a, ctx),
        "score": lambda a, ctx: a.score,
        "tags": lambda a, ctx: [ctx.text(t.name) for t in a.tags.all()],
        "title": lambda a, ctx: ctx.text(a.title),
        "view_count": lambda a, ctx: a.view_count,
    }


def _render_one(view: V2Api, article_id: int, ctx: RenderContext) -> dict:
    page = article_list(team=view.request.team, page=1, page_size=1, article_ids=[article_id])
    return ArticleShape.render(page.items[0], ctx)


class ArticleListApi(V2Api):
    """`GET /articles`: sorts `activity` (default), `creation`, `votes`, with `min`/`max`
    and `fromdate`/`todate` (creation); `tagged` (every tag, `;`-separated)."""

    parameters = {
        "tagged": "Tags separated by `;`: articles with all of them.",
    }

    item_type = "article"

    def article_ids(self, kwargs) -> list[int] | None:
        return None

    def get(self, request, **kwargs):
        params = self.params()
        article_ids = self.article_ids(kwargs)
        paging = self.paging()
        kinds = {name: kind for name, (_, kind) in ARTICLE_SORTS.items()}
        sort = sorting(params, sorts=kinds, default="activity")
        tagged = string_vector("tagged", params["tagged"]) if params.get("tagged") else None
        page = article_list(
            team=request.team,
            page=paging.page,
            page_size=paging.page_size,
            sort=ARTICLE_SORTS[sort.sort][0],
            order=sort.order,
            article_ids=article_ids,
            tagged=tagged,
            min=sort.min,
            max=sort.max,
            from_date=sort.from_date,
            to_date=sort.to_date,
        )
        items = ArticleShape.render_many(page.items, self.context())
        return page_response(self, page, items, paging)


class ArticleDetailApi(ArticleListApi):
    """`GET /articles/{ids}`: up to 100 articles of the team (others are simply absent)."""

    def article_ids(self, kwargs) -> list[int]:
        return id_vector("ids", kwargs["ids"])


class ArticleForm(serializers.Serializer):
    """The form of `/articles/add` and `/articles/{id}/edit` (`tags` parsed apart)."""

    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)
    body = serializers.CharField(max_length=BODY_MAX_LENGTH)
    article_type = serializers.ChoiceField(choices=list(ARTICLE_TYPES), required=False)


class _ArticleWriteApi(V2Api):
    item_type = "article"

    def form(self) -> tuple[dict, list[str], bool]:
        params = self.params()
        form = ArticleForm(data={k: params[k] for k in ArticleForm().fields if k in params})
        form.is_valid(raise_exception=True)
        tags = tag_names("tags", params.get("tags"))
        preview = boolean("preview", params["preview"]) if params.get("preview") else False
        return form.validated_data, tags, preview

    def save(self, write, *, preview: bool):
        """Run `write` (a service call returning the article) and answer with the article
        as saved. A preview runs the same service, so the same rules and validation, and
        rolls it back: the item is what would be saved, without an id or link."""
        ctx = self.context()
        with transaction.atomic():
            article = write()
            item = _render_one(self, article.pk, ctx)
            if preview:
                transaction.set_rollback(True)
                item.pop("article_id", None)
                item.pop("link", None)
        return self.wrap([item])


class ArticleAddApi(_ArticleWriteApi):
    """`POST /articles/add`: `title`, `body` (Markdown), `tags`, `article_type` (default
    `knowledge-article`), `preview`."""

    def post(self, request):
        data, tags, preview = self.form()

        def write():
            return article_create(
                team=request.team,
                user=request.user,
                title=data["title"],
                body=data["body"],
                tags=tags,
                type=ARTICLE_TYPES[data.get("article_type", "knowledge-article")],
            )

        return self.save(write, preview=preview)


class ArticleEditApi(_ArticleWriteApi):
    """`POST /articles/{id}/edit`: `title`, `body`, `tags` replace the article's;
    `article_type` is kept unless given. Who may edit it is unchanged (v3 changes that)."""

    def post(self, request, id):
        article = article_get_for_write(team=request.team, article_id=id)
        data, tags, preview = self.form()

        def write():
            return article_update(
                article=article,
                user=request.user,
                title=data["title"],
                body=data["body"],
                tags=tags,
                type=ARTICLE_TYPES[data["article_type"]]
                if "article_type" in data
                else article.type,
                editable_by=article.editable_by,
                editor_user_ids=list(article.editor_users.values_list("pk", flat=True)),
                editor_group_ids=list(article.editor_groups.values_list("pk", flat=True)),
            )

        return self.save(write, preview=preview)
