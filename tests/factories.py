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
