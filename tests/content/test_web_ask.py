"""Ask a question: the form, its preview, its errors next to the fields, the team's tags
suggested, and one question however many times the form is sent."""

from http import HTTPStatus

import pytest

from content import services, urls_paths
from content.models import TAG_NAME_MESSAGE, Question, Tag
from tests.content.web_support import key
from tests.factories import QuestionFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def ask_path(team) -> str:
    return urls_paths.ask_path(team.slug)


def form(**fields) -> dict:
    return {
        "title": "How do I rotate keys?",
        "body": "We rotate **monthly**.",
        "tags": "security, keys",
        "submission_key": key(),
        "action": "post",
        **fields,
    }


def test_the_form_suggests_the_teams_tags_most_used_first(login, team, member):
    TagFactory(team=team, name="rare")
    QuestionFactory(team=team, tags=["popular"])
    TagFactory(name="another-teams-tag")
    html = login(member).get(ask_path(team)).content.decode()
    assert 'list="tag-suggestions"' in html
    datalist = html.split('<datalist id="tag-suggestions">')[1].split("</datalist>")[0]
    assert datalist.index('"popular"') < datalist.index('"rare"')
    assert "another-teams-tag" not in datalist
    assert 'name="submission_key"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_asking_creates_the_question_and_opens_its_page(login, team, member):
    response = login(member).post(ask_path(team), form())
    question = Question.objects.get(team=team)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == urls_paths.question_path(team.slug, question.pk)
    assert question.owner == member
    assert question.body_html == "<p>We rotate <strong>monthly</strong>.</p>\n"
    assert sorted(question.tags.values_list("name", flat=True)) == ["keys", "security"]


def test_preview_renders_the_body_and_keeps_every_field(login, team, member):
    data = form(body="# Title\n\n<img src=x onerror=alert(1)> *hi*", action="preview")
    response = login(member).post(ask_path(team), data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    preview = html.split('class="markdown-preview post-body"')[1].split("</div>")[0]
    assert "<h1>Title</h1>" in preview and "<em>hi</em>" in preview
    assert "onerror" not in preview
    assert 'value="How do I rotate keys?"' in html and 'value="security, keys"' in html
    assert f'value="{data["submission_key"]}"' in html
    assert "field-error" not in html  # a preview is not a submission: no errors shown
    assert not Question.objects.exists()


def test_preview_of_a_body_too_long_says_so(login, team, member):
    response = login(member).post(ask_path(team), form(body="x" * 30_001, action="preview"))
    assert "Too long to preview" in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        (
            {"title": "x" * 151},
            "title",
            "Ensure this value has at most 150 characters (it has 151).",
        ),
        ({"body": "  "}, "body", "This field is required."),
        ({"tags": ""}, "tags", "This field is required."),
        ({"tags": "a b c d e f"}, "tags", services.TAGS_REQUIRED_MESSAGE),
        ({"tags": "no_underscores"}, "tags", TAG_NAME_MESSAGE),
        ({"title": "bell\x07"}, "title", "Control characters are not allowed."),
    ],
)
def test_every_error_is_next_to_its_field(login, team, member, fields, field, message):
    response = login(member).post(ask_path(team), form(**fields))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'<p class="field-error" id="id_{field}_error">{message}</p>' in html.replace(
        "&#x27;", "'"
    )
    assert 'role="alert"' in html
    assert not Question.objects.exists()
    assert not Tag.objects.filter(team=team).exists()


def test_a_double_click_asks_once_and_both_land_on_the_question(login, team, member):
    client = login(member)
    data = form()
    first = client.post(ask_path(team), data)
    second = client.post(ask_path(team), data)
    assert Question.objects.filter(team=team).count() == 1
    assert first["Location"] == second["Location"]


def test_a_corrected_form_is_sent_with_the_same_key(login, team, member):
    client = login(member)
    data = form(title="")
    client.post(ask_path(team), data)  # refused: the key is let go
    response = client.post(ask_path(team), {**data, "title": "Now with a title"})
    assert response.status_code == HTTPStatus.FOUND
    assert Question.objects.get(team=team).title == "Now with a title"


def test_the_same_form_sent_again_with_other_words_is_a_second_question(login, team, member):
    client = login(member)
    data = form()
    client.post(ask_path(team), data)
    client.post(ask_path(team), {**data, "title": "A different question"})
    assert Question.objects.filter(team=team).count() == 2


def test_non_member_404_and_anonymous_to_login(client, login, team):
    assert client.get(ask_path(team))["Location"].startswith("/users/login/?next=")
    assert login(UserFactory()).post(ask_path(team), form()).status_code == 404
    assert not Question.objects.exists()


def test_members_of_a_free_team_ask_too(login, team, member):
    team.plan = "free"  # plans limit API tokens, not people
    team.save()
    assert login(member).post(ask_path(team), form()).status_code == HTTPStatus.FOUND
