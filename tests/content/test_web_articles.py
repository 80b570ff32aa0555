"""Article pages: the list, an article at its `webUrl`, and writing them (new with a
preview, edit, delete, upvote, comment) through the article services and their rules."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from content import services
from content.models import Article, ArticleVote, Comment
from content.services.texts import CONTROL_CHARACTER_MESSAGE
from content.urls_paths import article_path, articles_path, question_path, user_path
from content.web.articles import ARTICLE_DELETED_MESSAGE, COMMENT_DELETED_MESSAGE
from teams.models import Membership
from tests.factories import (
    ArticleFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
    UserGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def author(team):
    return MembershipFactory(team=team, user=UserFactory(display_name="Ada Author")).user


@pytest.fixture
def article(team, author):
    return ArticleFactory(
        team=team,
        owner=author,
        title="Deploying on Fridays",
        body_markdown="Do **not** deploy on Fridays.\n\n<script>alert(1)</script>",
        tags=["deployment", "policy"],
        type="policy",
    )


def _url(name, team, article=None):
    args = [team.slug] + ([article.pk] if article is not None else [])
    return reverse(name, args=args)


def _key() -> str:
    return services.submission_key_new()


def _form(**overrides):
    data = {
        "submission_key": _key(),
        "action": "post",
        "type": "howToGuide",
        "title": "How to rotate the database password",
        "body": "1. Open the vault\n2. Rotate **now**",
        "tags": "database security",
        "editable_by": "ownerOnly",
    }
    data.update(overrides)
    return data


# --- The gate -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["web-articles", "web-article", "web-article-new"])
def test_anonymous_visitor_goes_to_the_login_page(client, team, article, name):
    path = _url(name, team, article if name == "web-article" else None)
    response = client.get(path)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('login')}?next={path}"


@pytest.mark.parametrize(
    "name",
    ["web-articles", "web-article", "web-article-new", "web-article-edit", "web-article-delete"],
)
def test_non_member_gets_404(client, team, article, name):
    client.force_login(UserFactory())
    path = _url(name, team, None if name in ("web-articles", "web-article-new") else article)
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "name", ["web-article", "web-article-edit", "web-article-delete", "web-article-upvote"]
)
def test_another_teams_article_is_404_here(member_client, team, name):
    foreign = ArticleFactory(team=TeamFactory())
    response = (member_client.post if name == "web-article-upvote" else member_client.get)(
        _url(name, team, foreign)
    )
    assert response.status_code == HTTPStatus.NOT_FOUND


# --- Reading --------------------------------------------------------------------------------


def test_list_filters_by_type_and_tag_and_sorts(member_client, team, article, author):
    guide = ArticleFactory(team=team, owner=author, type="howToGuide", tags=["deployment"])
    ArticleFactory(team=team, owner=author, type="announcement", tags=["news"], score=5)
    ArticleFactory(team=TeamFactory(), title="Another team's article")

    def ids(**query):
        response = member_client.get(articles_path(team.slug), query)
        assert response.status_code == HTTPStatus.OK
        return [a.pk for a in response.context["page"].items]

    assert len(ids()) == 3
    assert ids(type="policy") == [article.pk]
    assert set(ids(tag="deployment")) == {article.pk, guide.pk}
    assert ids(tag="Deployment", type="howToGuide") == [guide.pk]
    assert ids(sort="score")[0] != article.pk
    assert len(ids(type="<nonsense>")) == 3  # an unknown type is ignored


def test_list_links_each_article(member_client, team, article):
    html = member_client.get(articles_path(team.slug)).content.decode()
    assert f'href="{article_path(team.slug, article.pk)}"' in html
    assert "Deploying on Fridays" in html and "Policy" in html


def test_article_page_shows_sanitised_body_tags_owner_and_comments(
    member_client, team, article, author, member
):
    services.comment_create(article=article, user=member, body="What about *hotfixes*?")
    question = QuestionFactory(
        team=team, title="Can I deploy today?", body_markdown=article_path(team.slug, article.pk)
    )
    response = member_client.get(article_path(team.slug, article.pk))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<strong>not</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "Ada Author" in html and f'href="{user_path(team.slug, author.pk)}"' in html
    assert "<em>hotfixes</em>" in html
    assert f'href="{question_path(team.slug, question.pk)}"' in html  # linked question
    assert "deployment" in html and "Policy" in html
    # The author's controls are not shown to someone who may not use them.
    assert _url("web-article-edit", team, article) not in html
    assert _url("web-article-delete", team, article) not in html


# --- Writing --------------------------------------------------------------------------------


def test_new_article_form_has_labelled_fields(member_client, team):
    response = member_client.get(_url("web-article-new", team))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for field in ("type", "title", "body", "tags"):
        assert f'<label for="id_{field}">' in html
    assert "<legend>Who can edit it</legend>" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_write_an_article(member_client, team, member):
    response = member_client.post(_url("web-article-new", team), _form())
    article = Article.objects.get(team=team)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == article_path(team.slug, article.pk)
    assert article.owner == member and article.type == "howToGuide"
    assert sorted(t.name for t in article.tags.all()) == ["database", "security"]
    assert "<strong>now</strong>" in article.body_html


def test_the_same_form_sent_twice_publishes_once(member_client, team):
    data = _form()
    first = member_client.post(_url("web-article-new", team), data)
    second = member_client.post(_url("web-article-new", team), data)
    article = Article.objects.get(team=team)
    assert first["Location"] == second["Location"] == article_path(team.slug, article.pk)


def test_a_form_without_its_one_time_key_is_refused(member_client, team):
    response = member_client.post(_url("web-article-new", team), _form(submission_key=""))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This form has expired" in response.content.decode()
    assert not Article.objects.exists()


def test_preview_renders_the_body_and_saves_nothing(member_client, team):
    body = "A **bold** move <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    response = member_client.post(_url("web-article-new", team), _form(body=body, action="preview"))
    assert response.status_code == HTTPStatus.OK
    preview = response.context["preview"]["html"]
    assert "<strong>bold</strong>" in preview
    assert "<img>" in preview and "onerror=" not in preview  # attributes dropped
    assert 'href="javascript' not in preview
    assert not Article.objects.exists()
    html = response.content.decode()
    assert "A **bold** move" in html  # the form keeps what was typed


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 151}, "title", "Ensure this value has at most 150 characters"),
        ({"title": "Bell\x07"}, "title", CONTROL_CHARACTER_MESSAGE),
        ({"body": "   "}, "body", "This field is required."),
        ({"tags": ""}, "tags", "This field is required."),
        ({"tags": "a b c d e f"}, "tags", "between 1 and 5 tags"),
        ({"tags": "-bad"}, "tags", "A tag is letters"),
        ({"type": "memo"}, "type", "Select a valid choice"),
        ({"editable_by": "nobody"}, "editable_by", "Select a valid choice"),
    ],
)
def test_invalid_article_is_refused_field_by_field(member_client, team, overrides, field, message):
    response = member_client.post(_url("web-article-new", team), _form(**overrides))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Article.objects.exists()


def test_specific_editors_are_people_and_groups_of_the_team(member_client, team, author):
    group = UserGroupFactory(team=team, members=[author])
    outsider = MembershipFactory(team=TeamFactory()).user
    data = _form(editable_by="specificEditors", editor_users=[outsider.pk])
    response = member_client.post(_url("web-article-new", team), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "editor_users" in response.context["form"].errors

    data = _form(editable_by="specificEditors", editor_users=[author.pk], editor_groups=[group.pk])
    member_client.post(_url("web-article-new", team), data)
    article = Article.objects.get(team=team)
    assert list(article.editor_users.all()) == [author]
    assert list(article.editor_groups.all()) == [group]


def test_editors_chosen_without_specific_editors_are_dropped(member_client, team, author):
    data = _form(editable_by="everyone", editor_users=[author.pk])
    member_client.post(_url("web-article-new", team), data)
    article = Article.objects.get(team=team)
    assert article.editable_by == "everyone" and not article.editor_users.exists()


def test_owner_edits_and_previews_the_edit(client, team, article, author):
    client.force_login(author)
    url = _url("web-article-edit", team, article)
    form = client.get(url)
    assert form.status_code == HTTPStatus.OK
    assert "Do **not** deploy on Fridays." in form.content.decode()
    preview = client.post(url, _form(body="Now *allowed*", action="preview"))
    assert "<em>allowed</em>" in preview.context["preview"]["html"]
    article.refresh_from_db()
    assert "Fridays" in article.body_markdown
    response = client.post(url, _form(title="Deploying any day", editable_by="everyone"))
    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert article.title == "Deploying any day" and article.editable_by == "everyone"


def test_someone_who_may_not_edit_is_told_why(member_client, team, article):
    page = article_path(team.slug, article.pk)
    for response in (
        member_client.get(_url("web-article-edit", team, article), follow=True),
        member_client.post(_url("web-article-edit", team, article), _form(), follow=True),
    ):
        assert response.redirect_chain == [(f"{page}#article", HTTPStatus.FOUND)]
        refusals = response.context["article"].refusals
        assert [str(m) for m in refusals] == [services.ARTICLE_EDIT_NOT_ALLOWED_MESSAGE]
        assert services.ARTICLE_EDIT_NOT_ALLOWED_MESSAGE in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Deploying on Fridays"


def test_an_editor_edits_the_content_but_not_who_may_edit(member_client, team, article, member):
    Article.objects.filter(pk=article.pk).update(editable_by="everyone")
    url = _url("web-article-edit", team, article)
    html = member_client.get(url).content.decode()
    assert "Only the author or a team admin can change who may edit" in html
    response = member_client.post(
        url, _form(title="Edited by a colleague", editable_by="ownerOnly")
    )
    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert article.title == "Edited by a colleague"
    assert article.editable_by == "everyone"  # the disabled field kept the article's value
    assert article.last_editor == member


def test_an_editors_preview_keeps_the_permissions_it_may_not_change(member_client, team, article):
    Article.objects.filter(pk=article.pk).update(editable_by="everyone")
    data = _form(body="Draft *two*", action="preview")
    del data["editable_by"]  # a disabled field is not sent by the browser
    response = member_client.post(_url("web-article-edit", team, article), data)
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"]["editable_by"].value() == "everyone"
    assert "<em>two</em>" in response.context["preview"]["html"]


def test_delete_asks_then_deletes_for_the_owner(client, team, article, author):
    client.force_login(author)
    url = _url("web-article-delete", team, article)
    assert "Delete this article?" in client.get(url).content.decode()
    response = client.post(url, {"submission_key": _key()}, follow=True)
    assert response.redirect_chain == [(articles_path(team.slug), HTTPStatus.FOUND)]
    assert ARTICLE_DELETED_MESSAGE.format(title="Deploying on Fridays") in response.content.decode()
    assert not Article.objects.exists()


def test_team_admin_deletes_and_others_are_refused(client, team, article, member):
    client.force_login(member)
    url = _url("web-article-delete", team, article)
    for response in (
        client.get(url, follow=True),
        client.post(url, {"submission_key": _key()}, follow=True),
    ):
        assert services.ARTICLE_DELETE_NOT_ALLOWED_MESSAGE in response.content.decode()
        assert response.redirect_chain[-1][0].endswith("#article")
    assert Article.objects.exists()
    client.force_login(MembershipFactory(team=team, role=Membership.Role.ADMIN).user)
    assert client.post(url, {"submission_key": _key()}).status_code == HTTPStatus.FOUND
    assert not Article.objects.exists()


def test_upvote_withdraw_and_self_vote_refusal(client, team, article, author, member):
    url = _url("web-article-upvote", team, article)
    client.force_login(member)
    response = client.post(url, {"value": "up"}, follow=True)
    article.refresh_from_db()
    assert article.score == 1 and ArticleVote.objects.filter(user=member).exists()
    assert 'aria-pressed="true"' in response.content.decode()
    client.post(url, {"value": "up"})  # the state wanted, not a toggle: still one
    article.refresh_from_db()
    assert article.score == 1
    client.post(url, {"value": "none"})
    article.refresh_from_db()
    assert article.score == 0

    client.force_login(author)
    response = client.post(url, {"value": "up"}, follow=True)
    assert [str(m) for m in response.context["article"].refusals] == [
        services.ARTICLE_SELF_UPVOTE_MESSAGE
    ]
    article.refresh_from_db()
    assert article.score == 0


def test_upvote_needs_post_and_csrf(team, article, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = _url("web-article-upvote", team, article)
    assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN
    assert not ArticleVote.objects.exists()


def test_comment_on_an_article(member_client, team, article, member):
    url = _url("web-article-comment", team, article)
    data = {"body": "Even for **hotfixes**?", "submission_key": _key()}
    response = member_client.post(url, data)
    member_client.post(url, data)  # a double click: one comment
    comment = Comment.objects.get(article=article)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith(f"#comment{comment.pk}_{article.pk}")
    assert comment.owner == member and "<strong>hotfixes</strong>" in comment.body_html


@pytest.mark.parametrize(("body", "message"), [("", "required"), ("x" * 601, "at most 600")])
def test_invalid_comment_shows_the_article_with_the_error(
    member_client, team, article, body, message
):
    data = {"body": body, "submission_key": _key()}
    response = member_client.post(_url("web-article-comment", team, article), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    form = response.context["article"].comment_form
    assert message in " ".join(form.errors["body"])
    assert "Deploying on Fridays" in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_author_edits_and_deletes_and_others_are_refused(client, team, article, member):
    comment = services.comment_create(article=article, user=member, body="First")
    edit = reverse("web-article-comment-edit", args=[team.slug, article.pk, comment.pk])
    delete = reverse("web-article-comment-delete", args=[team.slug, article.pk, comment.pk])
    client.force_login(MembershipFactory(team=team).user)
    response = client.post(edit, {"body": "Hijacked"}, follow=True)
    assert services.EDIT_NOT_ALLOWED_MESSAGE in response.content.decode()
    client.force_login(member)
    assert client.post(edit, {"body": "Second"}).status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.body_markdown == "Second"
    response = client.post(delete, {"submission_key": _key()}, follow=True)
    assert COMMENT_DELETED_MESSAGE in response.content.decode()
    assert not Comment.objects.exists()


def test_another_posts_comment_is_404_under_this_article(member_client, team, article, member):
    other = ArticleFactory(team=team)
    comment = services.comment_create(article=other, user=member, body="Elsewhere")
    edit = reverse("web-article-comment-edit", args=[team.slug, article.pk, comment.pk])
    assert member_client.get(edit).status_code == HTTPStatus.NOT_FOUND


def test_a_comment_is_reached_only_under_its_own_kind_of_post(member_client, team, article, member):
    """An article's comment is not found under a question's URL, nor a question's under
    an article's (one lookup serves both: `comments.comment_on`)."""
    question = QuestionFactory(team=team)
    on_question = services.comment_create(question=question, user=member, body="On a question")
    on_article = services.comment_create(article=article, user=member, body="On an article")
    for name, post, comment in [
        ("web-article-comment-edit", article, on_question),
        ("web-article-comment-delete", article, on_question),
        ("web-question-comment-edit", question, on_article),
        ("web-question-comment-delete", question, on_article),
    ]:
        path = reverse(name, args=[team.slug, post.pk, comment.pk])
        assert member_client.get(path).status_code == HTTPStatus.NOT_FOUND, name
    own = reverse("web-article-comment-edit", args=[team.slug, article.pk, on_article.pk])
    assert member_client.get(own).status_code == HTTPStatus.OK


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_is_constant(member_client, team, author, rows, django_assert_num_queries):
    for i in range(rows):
        ArticleFactory(team=team, owner=author, tags=[f"t{i}", "shared"])
    # session, user, membership+team, count, page, tags, the switcher's teams
    with django_assert_num_queries(7):
        assert member_client.get(articles_path(team.slug)).status_code == HTTPStatus.OK


@pytest.mark.parametrize("rows", [1, 25])
def test_article_page_query_count_is_constant(
    member_client, team, author, member, rows, django_assert_max_num_queries
):
    people = [MembershipFactory(team=team).user for _ in range(rows)]
    group = UserGroupFactory(team=team, members=people)
    article = ArticleFactory(
        team=team,
        owner=author,
        editable_by="specificEditors",
        editor_user_ids=[p.pk for p in people],
        editor_group_ids=[group.pk],
    )
    for person in people:
        services.comment_create(article=article, user=person, body="Thanks!")
        services.article_upvote(article=article, user=person)
        QuestionFactory(team=team, owner=person, body_markdown=article_path(team.slug, article.pk))
    with django_assert_max_num_queries(12):
        response = member_client.get(article_path(team.slug, article.pk))
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["article"].comment_list) == rows
