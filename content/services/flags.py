"""Writes of flags: members raise them through the API; team admins and staff handle them
in the admin.

Refusals of a flag are a 400 (the official document answers "Unable to add flag" with a
400): an option that is not offered on this post (unknown, a heading, or not for one's
own post), a missing comment or duplicate question, or an open flag of the same option
by the same member on the same post (choosing the documented 400 over a 409, which
clients of the official API do not expect).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..flag_options import flag_options_for, selectable
from ..models import Answer, Flag, Question
from .common import is_team_admin

UNKNOWN_OPTION_MESSAGE = "This flag option is not available for this post."
COMMENT_REQUIRED_MESSAGE = "This flag option requires a comment."
QUESTION_ID_REQUIRED_MESSAGE = (
    "This flag option requires relatedQuestionId: another question of this team."
)
ALREADY_FLAGGED_MESSAGE = "You have already raised this flag on this post."
HANDLE_NOT_ALLOWED_MESSAGE = "Only a team admin or staff may handle flags."


@transaction.atomic
def flag_create(
    *,
    user,
    question: Question,
    answer: Answer | None = None,
    option_id: int,
    comment: str | None = None,
    related_question_id: int | None = None,
) -> Flag:
    """Flag `question`, or `answer` (one of its answers), with one of the offered options."""
    post = answer if answer is not None else question
    kind = "answer" if answer is not None else "question"
    own = post.owner_id is not None and post.owner_id == user.pk
    option = selectable(flag_options_for(kind=kind, own_post=own)).get(option_id)
    if option is None:
        raise ValidationError({"optionId": [UNKNOWN_OPTION_MESSAGE]})
    comment = (comment or "").strip()
    if option.requires_comment and not comment:
        raise ValidationError({"comment": [COMMENT_REQUIRED_MESSAGE]})
    related = None
    if option.requires_question_id:
        if related_question_id is not None and related_question_id != question.pk:
            related = (
                Question.objects.filter(team_id=question.team_id, pk=related_question_id)
                .only("pk")
                .first()
            )
        if related is None:
            raise ValidationError({"relatedQuestionId": [QUESTION_ID_REQUIRED_MESSAGE]})
    duplicate = Flag.objects.filter(
        question=question, answer=answer, flagger=user, option_id=option_id, status=Flag.Status.OPEN
    )
    if duplicate.exists():
        raise ValidationError({"optionId": [ALREADY_FLAGGED_MESSAGE]})
    try:
        with transaction.atomic():
            return Flag.objects.create(
                team_id=question.team_id,
                question=question,
                answer=answer,
                flagger=user,
                option_id=option_id,
                comment=comment,
                related_question=related,
            )
    except IntegrityError:  # the same flag, raised at the same moment by another request
        raise ValidationError({"optionId": [ALREADY_FLAGGED_MESSAGE]}) from None


def flag_mark_helpful(*, flag: Flag, user) -> Flag:
    """Close an open flag as helpful (a team admin of the flag's team, or staff)."""
    return _flag_handle(flag=flag, user=user, status=Flag.Status.HELPFUL)


def flag_dismiss(*, flag: Flag, user) -> Flag:
    """Close an open flag as not helpful (a team admin of the flag's team, or staff)."""
    return _flag_handle(flag=flag, user=user, status=Flag.Status.DISMISSED)


@transaction.atomic
def _flag_handle(*, flag: Flag, user, status: str) -> Flag:
    if not (user.is_staff or is_team_admin(team=flag.team, user=user)):
        raise PermissionDenied(HANDLE_NOT_ALLOWED_MESSAGE)
    now = timezone.now()
    Flag.objects.filter(pk=flag.pk, status=Flag.Status.OPEN).update(
        status=status, handled_by=user, handled_at=now
    )
    flag.refresh_from_db(fields=["status", "handled_by", "handled_at"])
    return flag
