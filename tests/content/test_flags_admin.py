"""The flags admin: who sees which flags, and the actions (through the services)."""

from http import HTTPStatus

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from content import services
from content.flag_options import NOT_AN_ANSWER, OUTDATED, SPAM
from content.models import Answer, Flag, Question
from teams.models import Membership
from tests.factories import AnswerFactory, MembershipFactory, QuestionFactory, TeamFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:content_flag_changelist"


@pytest.fixture
def flags(team):
    flagger = MembershipFactory(team=team).user
    question = QuestionFactory(team=team, title="Spammy question")
    answer = AnswerFactory(question=QuestionFactory(team=team, title="Fine question"))
    foreign = QuestionFactory(team=TeamFactory(), title="Elsewhere")
    return [
        services.flag_create(user=flagger, question=question, option_id=SPAM),
        services.flag_create(
            user=flagger, question=answer.question, answer=answer, option_id=NOT_AN_ANSWER
        ),
        services.flag_create(
            user=MembershipFactory(team=foreign.team).user, question=foreign, option_id=OUTDATED
        ),
    ]


def staff_team_admin(client, team):
    user = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    from django.contrib.auth.models import Permission

    user.user_permissions.add(*Permission.objects.filter(codename__endswith="_flag"))
    client.force_login(user)
    return user


def test_team_admin_sees_only_their_teams_flags(client, team, flags):
    staff_team_admin(client, team)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Spammy question" in html and "not an answer" in html
    assert "Elsewhere" not in html
    assert client.get(reverse(CHANGELIST), {"status": "open", "option": SPAM}).status_code == 200


def _act(client, action, flags):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, ACTION_CHECKBOX_NAME: [f.pk for f in flags]},
        follow=True,
    )


def test_actions_mark_helpful_dismiss_and_delete_through_the_services(client, team, flags):
    admin = staff_team_admin(client, team)
    spam, not_an_answer, _ = flags
    assert _act(client, "mark_helpful", [spam]).status_code == HTTPStatus.OK
    assert _act(client, "dismiss", [not_an_answer]).status_code == HTTPStatus.OK
    spam.refresh_from_db()
    not_an_answer.refresh_from_db()
    assert (spam.status, spam.handled_by) == (Flag.Status.HELPFUL, admin)
    assert not_an_answer.status == Flag.Status.DISMISSED
    answer_question = not_an_answer.question
    _act(client, "delete_flagged_posts", [spam, not_an_answer])
    assert not Question.objects.filter(pk=spam.question_id).exists()
    assert not Answer.objects.filter(pk=not_an_answer.answer_id).exists()
    answer_question.refresh_from_db()
    assert answer_question.answer_count == 0  # the service kept the counter
