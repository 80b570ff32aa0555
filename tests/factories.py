"""factory_boy factories shared by the whole suite."""

import itertools

import factory
from django.contrib.auth import get_user_model

from teams.models import Membership, Team
from teams.plans import Plan

DEFAULT_PASSWORD = "correct-horse-battery-staple"
_token_numbers = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    plan = Plan.BUSINESS


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = Membership.Role.MEMBER


def make_token(*, user=None, team=None, can_write=False, expires_in_days=30, **kwargs):
    """A saved personal access token and its code, made through the real service.

    The user is made a member of the team when they are not one yet.
    """
    from tokens.services import token_create

    team = team or TeamFactory()
    user = user or UserFactory()
    Membership.objects.get_or_create(user=user, team=team)
    kwargs.setdefault("description", f"token {next(_token_numbers)}")
    return token_create(
        user=user, team=team, can_write=can_write, expires_in_days=expires_in_days, **kwargs
    )


# --- Content (issue 5) ------------------------------------------------------------------
# Questions, answers and comments are made through the real services, so that counters
# (answer counts, tag post counts, the team's question count) stay what the API reports.
# Extra model fields given to a factory (score=…, created_at=…) are applied afterwards.


def _member_of(user, team):
    Membership.objects.get_or_create(user=user, team=team)
    return user


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "content.Tag"

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"tag-{n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "content.Question"

    team = factory.SubFactory(TeamFactory)
    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"How do I configure widget number {n}?")
    body_markdown = "I tried `widget --configure` and it fails.\n\n```sh\nwidget --configure\n```"
    tags = factory.LazyFunction(lambda: ["widgets"])

    @classmethod
    def _create(cls, model_class, *, team, owner, title, body_markdown, tags, **extra):
        from content.services import question_create

        question = question_create(
            team=team, user=_member_of(owner, team), title=title, body=body_markdown, tags=tags
        )
        if extra:
            model_class.objects.filter(pk=question.pk).update(**extra)
            question.refresh_from_db()
        return question


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "content.Answer"

    question = factory.SubFactory(QuestionFactory)
    owner = factory.SubFactory(UserFactory)
    body_markdown = factory.Sequence(lambda n: f"Answer {n}: run `widget --fix` first.")

    @classmethod
    def _create(cls, model_class, *, question, owner, body_markdown, **extra):
        from content.services import answer_create

        answer = answer_create(
            question=question, user=_member_of(owner, question.team), body=body_markdown
        )
        if extra:
            model_class.objects.filter(pk=answer.pk).update(**extra)
            answer.refresh_from_db()
        return answer


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "content.Comment"

    question = factory.SubFactory(QuestionFactory)
    answer = None
    owner = factory.SubFactory(UserFactory)
    body_markdown = factory.Sequence(lambda n: f"Comment {n}: which version is this?")

    @classmethod
    def _create(cls, model_class, *, question, answer, owner, body_markdown, **extra):
        from content.services import comment_create

        return comment_create(
            question=question,
            answer=answer,
            user=_member_of(owner, question.team),
            body=body_markdown,
        )


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article, written through `article_create` (extra model fields applied after)."""

    class Meta:
        model = "content.Article"

    team = factory.SubFactory(TeamFactory)
    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Widget handbook, part {n}")
    body_markdown = "How we configure widgets:\n\n```sh\nwidget --configure\n```"
    tags = factory.LazyFunction(lambda: ["widgets"])
    type = "knowledgeArticle"
    editable_by = "ownerOnly"
    editor_user_ids = factory.LazyFunction(list)
    editor_group_ids = factory.LazyFunction(list)

    @classmethod
    def _create(cls, model_class, *, team, owner, title, body_markdown, tags, **extra):
        from content.services import article_create

        fields = {
            name: extra.pop(name)
            for name in ("type", "editable_by", "editor_user_ids", "editor_group_ids")
        }
        article = article_create(
            team=team,
            user=_member_of(owner, team),
            title=title,
            body=body_markdown,
            tags=tags,
            **fields,
        )
        if extra:
            model_class.objects.filter(pk=article.pk).update(**extra)
            article.refresh_from_db()
        return article


# --- User groups and collections -------------------------------------------------------
# Made through the services (as staff: `user=None`); members and editors become members
# of the team when they are not yet.


class UserGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "content.UserGroup"

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    description = "A group of people who know things."
    members = factory.LazyFunction(list)

    @classmethod
    def _create(cls, model_class, *, team, name, description, members):
        from content.services import user_group_create

        return user_group_create(
            team=team,
            user=None,
            name=name,
            description=description,
            user_ids=[_member_of(user, team).pk for user in members],
        )


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "content.Collection"

    team = factory.SubFactory(TeamFactory)
    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Collection {n}")
    description = "Everything about widgets."
    editors = factory.LazyFunction(list)
    editor_groups = factory.LazyFunction(list)
    content = factory.LazyFunction(list)  # questions (and articles: pass their ids)

    @classmethod
    def _create(
        cls, model_class, *, team, owner, title, description, editors, editor_groups, content
    ):
        from content.services import collection_create

        return collection_create(
            team=team,
            user=_member_of(owner, team),
            title=title,
            description=description,
            editor_user_ids=[_member_of(user, team).pk for user in editors],
            editor_group_ids=[group.pk for group in editor_groups],
            content_ids=[getattr(item, "pk", item) for item in content],
        )
