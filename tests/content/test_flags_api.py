"""Flag options and flags of questions and answers; the flag services of the admin."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from content import services
from content.flag_options import (
    DUPLICATE,
    MODERATOR_INTERVENTION,
    NEEDS_DETAILS_OR_CLARITY,
    NOT_AN_ANSWER,
    OUTDATED,
    SPAM,
)
from content.models import Flag
from content.services import (
    ALREADY_FLAGGED_MESSAGE,
    COMMENT_REQUIRED_MESSAGE,
    HANDLE_NOT_ALLOWED_MESSAGE,
    QUESTION_ID_REQUIRED_MESSAGE,
    UNKNOWN_OPTION_MESSAGE,
)
from teams.models import Membership
from tests.factories import AnswerFactory, MembershipFactory, QuestionFactory, TeamFactory

pytestmark = pytest.mark.django_db

OPTION_FIELDS = {
    "optionId", "dialogTitle", "title", "description", "requiresComment", "requiresSite",
    "requiresQuestionId", "isRetraction", "subOptions",
}  # fmt: skip


def url(name, question, answer=None, team=None):
    kwargs = {"questionId": question if isinstance(question, int) else question.pk}
    if answer is not None:
        kwargs["answerId"] = answer if isinstance(answer, int) else answer.pk
    if team is not None:
        kwargs["team"] = team.slug
    return reverse(f"api:{name}", kwargs=kwargs)


@pytest.fixture
def writer(pat_client, team):
    client, token = pat_client(team=team, can_write=True)
    return client, token.user


def option_ids(options) -> list:
    return [o["optionId"] for o in options]


# --- Options -----------------------------------------------------------------------------


@pytest.mark.parametrize("with_team", [True, False])
def test_question_flag_options_in_the_official_shape(pat_client, team, with_team):
    client, _ = pat_client(team=team, can_write=False)  # a read-only token may read them
    question = QuestionFactory(team=team)
    response = client.get(url("question-flag-options", question, team=team if with_team else None))
    assert response.status_code == HTTPStatus.OK
    options = response.json()
    assert all(set(o) == OPTION_FIELDS for o in options)
    assert SPAM in option_ids(options) and DUPLICATE in option_ids(options)
    assert NOT_AN_ANSWER not in option_ids(options)
    duplicate = next(o for o in options if o["optionId"] == DUPLICATE)
    assert duplicate["requiresQuestionId"] is True and duplicate["subOptions"] is None
    heading = next(o for o in options if o["subOptions"])
    assert heading["optionId"] is None
    assert NEEDS_DETAILS_OR_CLARITY in option_ids(heading["subOptions"])
    moderator = next(o for o in options if o["optionId"] == MODERATOR_INTERVENTION)
    assert moderator["requiresComment"] is True
    assert options[0]["dialogTitle"] == "I am flagging to report this question as..."


def test_answer_flag_options_differ_and_show_retraction(pat_client, team):
    client, token = pat_client(team=team, can_write=False)
    answer = AnswerFactory(question=QuestionFactory(team=team))
    services.flag_create(
        user=token.user, question=answer.question, answer=answer, option_id=NOT_AN_ANSWER
    )
    options = client.get(url("answer-flag-options", answer.question, answer)).json()
    assert NOT_AN_ANSWER in option_ids(options) and DUPLICATE not in option_ids(options)
    retracted = {o["optionId"] for o in options if o["isRetraction"]}
    assert retracted == {NOT_AN_ANSWER}
    assert options[0]["dialogTitle"] == "I am flagging to report this answer as..."


def test_own_post_offers_only_moderator_intervention(writer, team):
    client, user = writer
    question = QuestionFactory(team=team, owner=user)
    options = client.get(url("question-flag-options", question, team=team)).json()
    assert option_ids(options) == [MODERATOR_INTERVENTION]
    response = client.post(url("question-flags", question), {"optionId": SPAM}, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"]["optionId"] == [UNKNOWN_OPTION_MESSAGE]


# --- Raising flags -----------------------------------------------------------------------


@pytest.mark.parametrize("with_team", [True, False])
def test_flag_a_question_and_an_answer(writer, team, with_team):
    client, user = writer
    question = QuestionFactory(team=team)
    answer = AnswerFactory(question=question)
    scope = team if with_team else None
    response = client.post(
        url("question-flags", question, team=scope), {"optionId": SPAM}, format="json"
    )
    assert response.status_code == HTTPStatus.OK
    assert response.content == b""
    response = client.post(
        url("answer-flags", question, answer, team=scope),
        {"optionId": MODERATOR_INTERVENTION, "comment": "Leaks a password."},
        format="json",
    )
    assert response.status_code == HTTPStatus.OK
    flags = list(Flag.objects.order_by("pk"))
    assert [(f.question_id, f.answer_id, f.option_id, f.status) for f in flags] == [
        (question.pk, None, SPAM, Flag.Status.OPEN),
        (question.pk, answer.pk, MODERATOR_INTERVENTION, Flag.Status.OPEN),
    ]
    assert flags[1].comment == "Leaks a password." and flags[1].flagger == user
    assert flags[0].team == team


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"optionId": 12345}, "optionId", UNKNOWN_OPTION_MESSAGE),
        ({"optionId": NOT_AN_ANSWER}, "optionId", UNKNOWN_OPTION_MESSAGE),  # answers only
        ({"optionId": 0}, "optionId", UNKNOWN_OPTION_MESSAGE),
        ({"optionId": MODERATOR_INTERVENTION}, "comment", COMMENT_REQUIRED_MESSAGE),
        ({"optionId": MODERATOR_INTERVENTION, "comment": " "}, "comment", COMMENT_REQUIRED_MESSAGE),
        ({"optionId": DUPLICATE}, "relatedQuestionId", QUESTION_ID_REQUIRED_MESSAGE),
        ({"optionId": DUPLICATE, "relatedQuestionId": 2**40}, "relatedQuestionId", None),
    ],
)
def test_invalid_flags_are_400s_naming_the_field(writer, team, payload, field, message):
    client, _ = writer
    question = QuestionFactory(team=team)
    response = client.post(url("question-flags", question), payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    errors = response.json()["errors"]
    assert field in errors
    if message is not None:
        assert errors[field] == [message]
    assert not Flag.objects.exists()


def test_missing_or_malformed_option_id_is_a_400(writer, team):
    client, _ = writer
    question = QuestionFactory(team=team)
    for payload in ({}, {"optionId": "spam"}, {"optionId": 2**40}):
        response = client.post(url("question-flags", question), payload, format="json")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "optionId" in response.json()["errors"]


def test_duplicate_needs_another_question_of_the_team(writer, team):
    client, _ = writer
    question, original = QuestionFactory(team=team), QuestionFactory(team=team)
    foreign = QuestionFactory(team=TeamFactory())
    path = url("question-flags", question)
    for related in (foreign.pk, question.pk):
        payload = {"optionId": DUPLICATE, "relatedQuestionId": related}
        response = client.post(path, payload, format="json")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json()["errors"]["relatedQuestionId"] == [QUESTION_ID_REQUIRED_MESSAGE]
    payload = {"optionId": DUPLICATE, "relatedQuestionId": original.pk}
    assert client.post(path, payload, format="json").status_code == HTTPStatus.OK
    assert Flag.objects.get().related_question == original


def test_the_same_open_flag_twice_is_a_400_but_another_option_is_fine(writer, team):
    client, user = writer
    question = QuestionFactory(team=team)
    path = url("question-flags", question, team=team)
    assert client.post(path, {"optionId": SPAM}, format="json").status_code == HTTPStatus.OK
    response = client.post(path, {"optionId": SPAM}, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"]["optionId"] == [ALREADY_FLAGGED_MESSAGE]
    assert client.post(path, {"optionId": OUTDATED}, format="json").status_code == HTTPStatus.OK
    # once handled, the same flag may be raised again
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    services.flag_dismiss(flag=Flag.objects.get(option_id=SPAM), user=admin)
    assert client.post(path, {"optionId": SPAM}, format="json").status_code == HTTPStatus.OK
    assert Flag.objects.filter(flagger=user).count() == 3


def test_read_only_token_cannot_flag(pat_client, team):
    client, _ = pat_client(team=team, can_write=False)
    answer = AnswerFactory(question=QuestionFactory(team=team))
    for path in (
        url("question-flags", answer.question, team=team),
        url("answer-flags", answer.question, answer),
    ):
        assert client.post(path, {"optionId": SPAM}, format="json").status_code == 403
    assert not Flag.objects.exists()


def test_another_teams_post_is_404(writer, team):
    client, _ = writer
    foreign = AnswerFactory(question=QuestionFactory(team=TeamFactory()))
    own = QuestionFactory(team=team)
    for path in (
        url("question-flags", foreign.question, team=team),
        url("answer-flags", foreign.question, foreign),
        url("answer-flags", own, foreign),  # an answer of another question
    ):
        assert client.post(path, {"optionId": SPAM}, format="json").status_code == 404
    for path in (
        url("question-flag-options", foreign.question),
        url("answer-flag-options", own, foreign, team=team),
    ):
        assert client.get(path).status_code == 404
    assert not Flag.objects.exists()


# --- Handling (the admin's services) -----------------------------------------------------


def test_team_admins_and_staff_handle_flags_members_do_not(team):
    question = QuestionFactory(team=team)
    flagger = MembershipFactory(team=team).user
    flag = services.flag_create(user=flagger, question=question, option_id=SPAM)
    with pytest.raises(PermissionDenied, match=HANDLE_NOT_ALLOWED_MESSAGE):
        services.flag_dismiss(flag=flag, user=MembershipFactory(team=team).user)
    other_admin = MembershipFactory(team=TeamFactory(), role=Membership.Role.ADMIN).user
    with pytest.raises(PermissionDenied):
        services.flag_mark_helpful(flag=flag, user=other_admin)
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    flag = services.flag_mark_helpful(flag=flag, user=admin)
    assert (flag.status, flag.handled_by, flag.handled_at is not None) == (
        Flag.Status.HELPFUL,
        admin,
        True,
    )
    # a handled flag stays as it was handled
    staff = MembershipFactory(team=TeamFactory()).user
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    assert services.flag_dismiss(flag=flag, user=staff).status == Flag.Status.HELPFUL
    other = services.flag_create(user=flagger, question=question, option_id=OUTDATED)
    assert services.flag_dismiss(flag=other, user=staff).status == Flag.Status.DISMISSED
