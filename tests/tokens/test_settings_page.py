"""The personal access tokens settings page (`/users/pats/`), through the Django test client."""

import io
import logging
import pickle
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from teams.plans import NO_API_ACCESS_MESSAGE, NO_WRITE_ACCESS_MESSAGE, Plan
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tokens import codes
from tokens.forms import TEAM_REQUIRED_MESSAGE
from tokens.models import PersonalAccessToken, TokenEvent
from tokens.services import (
    BAD_EXPIRATION_MESSAGE,
    DESCRIPTION_CONTROL_CHARACTERS_MESSAGE,
    DESCRIPTION_REQUIRED_MESSAGE,
    DESCRIPTION_TOO_LONG_MESSAGE,
    DUPLICATE_DESCRIPTION_MESSAGE,
    NOT_A_MEMBER_MESSAGE,
)
from tokens.views import TOKEN_DELETED_MESSAGE

pytestmark = pytest.mark.django_db

QUERIES_FOR_THE_LIST = 5  # 4 before team policies, + the teams' token rules (one query)
CODE_PATTERN = re.compile(r'id="new-token-code"[^>]*>([^<]+)</code>')


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def _create(client, team_, **overrides):
    data = {"description": "CI pipeline", "team": team_.pk, "expiration": "30", **overrides}
    return client.post(reverse("pat-list"), data)


def _code_in(response) -> str:
    match = CODE_PATTERN.search(response.content.decode())
    assert match, "the page shows no new code"
    return match.group(1)


def _errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


# --- Reaching the page ------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login_and_back(client):
    url = reverse("pat-list")
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_account_settings_links_to_the_page_under_an_api_heading(signed_in):
    body = signed_in.get(reverse("account-settings")).content.decode()
    api_heading = body.index(">API</h2>")
    assert body.index(f'href="{reverse("pat-list")}"') > api_heading
    assert "Personal access tokens" in body


def test_empty_list_says_so_and_offers_the_create_form(signed_in, team):
    response = signed_in.get(reverse("pat-list"))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "You have no personal access tokens yet." in body
    assert '<details class="create-pat">' in body  # closed until "Create a new PAT"
    assert "Create a new PAT" in body
    assert 'aria-current="page"' in body
    assert "no-store" in response["Cache-Control"]


def test_list_shows_every_column(signed_in, member, team, make_pat):
    now = timezone.now()
    make_pat(user=member, team=team, description="reader", can_write=False)
    writer, _ = make_pat(user=member, team=team, description="writer", can_write=True)
    forever, _ = make_pat(user=member, team=team, description="forever", expires_in_days=None)
    old, _ = make_pat(user=member, team=team, description="old one")
    PersonalAccessToken.objects.filter(pk=old.pk).update(expires_at=now - timedelta(days=1))
    PersonalAccessToken.objects.filter(pk=writer.pk).update(last_used_at=now - timedelta(hours=3))
    swagger, _ = make_pat(user=member, team=team, description="from docs", source="swagger")

    body = signed_in.get(reverse("pat-list")).content.decode().replace("\xa0", " ")
    rows = {
        token.description: body[body.index(f'id="token-{token.pk}"') :].split("</tr>")[0]
        for token in PersonalAccessToken.objects.filter(user=member)
    }
    assert "Read only" in rows["reader"]
    assert "Never used" in rows["reader"]
    assert team.name in rows["reader"]
    assert timezone.localdate().strftime("%b") in rows["reader"]
    assert "Read and write" in rows["writer"]
    assert "3 hours ago" in rows["writer"]
    assert "Never" in rows["forever"].split('data-label="Expires">')[1].split("</td>")[0]
    assert "Expired" in rows["old one"]
    assert "Expired" not in rows["reader"]
    assert "Swagger UI" in rows["from docs"]
    assert "Swagger UI" not in rows["reader"]
    for token in (writer, forever, old, swagger):
        assert reverse("pat-delete", args=[token.pk]) in body
        assert reverse("pat-regenerate", args=[token.pk]) in body


def test_list_shows_only_the_users_own_tokens(signed_in, make_pat):
    make_pat(description="someone else's")
    assert b"someone else&#x27;s" not in signed_in.get(reverse("pat-list")).content


def test_list_queries_do_not_grow_with_tokens(
    signed_in, member, make_pat, django_assert_max_num_queries
):
    for n in range(15):
        make_pat(user=member, team=TeamFactory(), description=f"t{n}")
    # session + user, tokens with their teams, the user's teams for the form select
    with django_assert_max_num_queries(QUERIES_FOR_THE_LIST):
        response = signed_in.get(reverse("pat-list"))
    assert response.content.decode().count('id="token-') == 15


def test_team_select_disables_free_teams_and_marks_write_teams(signed_in, member):
    free = MembershipFactory(user=member, team=TeamFactory(plan=Plan.FREE, name="Freebies")).team
    basic = MembershipFactory(user=member, team=TeamFactory(plan=Plan.BASIC)).team
    body = signed_in.get(reverse("pat-list")).content.decode()
    free_option = re.search(rf'<option value="{free.pk}"[^>]*>[^<]*', body).group(0)
    assert "disabled" in free_option
    assert NO_API_ACCESS_MESSAGE in free_option
    basic_option = re.search(rf'<option value="{basic.pk}"[^>]*>', body).group(0)
    assert 'data-can-write="false"' in basic_option
    assert "disabled" not in basic_option
    checkbox = re.search(r'<input type="checkbox" name="can_write"[^>]*>', body).group(0)
    assert "disabled" in checkbox  # no team chosen yet
    assert "Enable write access (Business only)" in body
    assert '<option value="30" selected>' in body


# --- Creating a token -------------------------------------------------------------------------


def test_create_shows_the_code_once_and_it_works(signed_in, member, team, api_client):
    response = _create(signed_in, team, can_write="on", expiration="7")
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    code = _code_in(response)
    assert "it will not be shown again" in response.content.decode()
    token = PersonalAccessToken.objects.get(user=member)
    assert (token.description, token.team, token.can_write) == ("CI pipeline", team, True)
    assert token.source == PersonalAccessToken.Source.SETTINGS
    assert token.expires_at - token.created_at == timedelta(days=7)
    assert token.digest == codes.digest(code)
    assert TokenEvent.objects.filter(token_id=token.pk, action="created", actor=member).exists()

    reload = signed_in.get(reverse("pat-list"))
    assert code not in reload.content.decode()
    assert "new-token-code" not in reload.content.decode()

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    assert api_client.get(reverse("api:users-me")).status_code == HTTPStatus.OK


def test_no_expiration_is_allowed(signed_in, member, team):
    _create(signed_in, team, expiration="never")
    assert PersonalAccessToken.objects.get(user=member).expires_at is None


def _stored_anywhere(code: str, client: Client, response) -> list[str]:
    """Every place outside the response body where the code could have been kept."""
    places = []
    session = client.session
    if code in repr(dict(session.items())):
        places.append("session")
    if any(code in morsel.value for morsel in response.cookies.values()):
        places.append("cookies")
    if any(code in morsel.value for morsel in client.cookies.values()):
        places.append("client cookies")
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    if code in dump.getvalue():
        places.append("database")
    backend = cache._cache if hasattr(cache, "_cache") else None
    if isinstance(backend, dict):  # local memory: values are pickles
        if any(code.encode() in value for value in backend.values()):
            places.append("cache")
    else:  # Redis: read every key of our database back
        client_ = cache._cache.get_client()
        for key in client_.scan_iter():
            if code.encode() in (client_.get(key) or b""):
                places.append("cache")
    return places


@pytest.mark.parametrize("how", ["create", "regenerate"])
def test_code_is_kept_nowhere_but_the_response(signed_in, member, team, make_pat, caplog, how):
    caplog.set_level(logging.DEBUG)
    cache.set("canary", "not the code")
    if how == "create":
        response = _create(signed_in, team)
    else:
        token, _ = make_pat(user=member, team=team)
        response = signed_in.post(reverse("pat-regenerate", args=[token.pk]))
    code = _code_in(response)
    assert pickle.loads(pickle.dumps(code)) == code
    assert _stored_anywhere(code, signed_in, response) == []
    assert all(code not in record.getMessage() for record in caplog.records)
    assert code not in caplog.text


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"description": ""}, "description", DESCRIPTION_REQUIRED_MESSAGE),
        ({"description": "   "}, "description", DESCRIPTION_REQUIRED_MESSAGE),
        ({"description": "x" * 101}, "description", DESCRIPTION_TOO_LONG_MESSAGE),
        ({"description": "bell\x07"}, "description", DESCRIPTION_CONTROL_CHARACTERS_MESSAGE),
        ({"description": "nul\x00"}, "description", "Null characters are not allowed."),
        ({"team": ""}, "team", TEAM_REQUIRED_MESSAGE),
        ({"team": "nonsense"}, "team", NOT_A_MEMBER_MESSAGE),
        ({"expiration": "365"}, "expiration", BAD_EXPIRATION_MESSAGE),
    ],
)
def test_bad_field_is_refused_inline(signed_in, member, team, overrides, field, message):
    response = _create(signed_in, team, **overrides)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert _errors(response, field) == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert '<details class="create-pat" open>' in response.content.decode()
    assert 'href="#pat-create-form">correct the form below' in response.content.decode()
    assert not PersonalAccessToken.objects.filter(user=member).exists()


def test_duplicate_description_is_refused_inline_case_insensitively(
    signed_in, member, team, make_pat
):
    make_pat(user=member, team=team, description="CI pipeline")
    response = _create(signed_in, team, description="ci PIPELINE")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert _errors(response, "description") == [DUPLICATE_DESCRIPTION_MESSAGE]
    assert PersonalAccessToken.objects.filter(user=member).count() == 1
    # The rest of the input is kept for the next try.
    assert 'value="ci PIPELINE"' in response.content.decode()


def test_write_access_on_a_basic_team_is_refused_inline(signed_in, member):
    basic = MembershipFactory(user=member, team=TeamFactory(plan=Plan.BASIC)).team
    response = _create(signed_in, basic, can_write="on")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert _errors(response, "can_write") == [NO_WRITE_ACCESS_MESSAGE]
    assert NO_WRITE_ACCESS_MESSAGE in response.content.decode()
    assert not PersonalAccessToken.objects.filter(user=member).exists()
    # The same team without write access is fine.
    assert _create(signed_in, basic).status_code == HTTPStatus.OK


def test_write_checkbox_is_enabled_when_the_chosen_team_allows_writing(signed_in, team):
    response = _create(signed_in, team, description="")
    body = response.content.decode()
    checkbox = re.search(r'<input type="checkbox" name="can_write"[^>]*>', body)
    assert "disabled" not in checkbox.group(0)


def test_a_team_the_user_is_not_in_is_refused_inline(signed_in, member):
    stranger_team = TeamFactory()
    response = _create(signed_in, stranger_team)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert _errors(response, "team") == [NOT_A_MEMBER_MESSAGE]
    assert not PersonalAccessToken.objects.exists()


def test_a_free_team_is_refused_inline(signed_in, member):
    free = MembershipFactory(user=member, team=TeamFactory(plan=Plan.FREE)).team
    response = _create(signed_in, free)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert _errors(response, "team") == [NO_API_ACCESS_MESSAGE]
    assert not PersonalAccessToken.objects.exists()


def test_service_errors_land_on_their_field(signed_in, member, team, monkeypatch):
    """A rule only the service knows (a race on the description) still shows inline."""
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError({"description": DUPLICATE_DESCRIPTION_MESSAGE})

    monkeypatch.setattr("tokens.views.token_create", refuse)
    response = _create(signed_in, team)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert _errors(response, "description") == [DUPLICATE_DESCRIPTION_MESSAGE]


def test_create_needs_csrf(member, team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = _create(client, team)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not PersonalAccessToken.objects.exists()


# --- Delete and regenerate --------------------------------------------------------------------


def test_delete_asks_first_then_deletes_on_post(signed_in, member, team, make_pat, api_client):
    token, code = make_pat(user=member, team=team, description="doomed")
    url = reverse("pat-delete", args=[token.pk])

    confirm = signed_in.get(url)
    assert confirm.status_code == HTTPStatus.OK
    assert b'Delete the token "doomed"?' in confirm.content
    assert b'method="post"' in confirm.content
    assert PersonalAccessToken.objects.filter(pk=token.pk).exists()

    response = signed_in.post(url, follow=True)
    assert response.redirect_chain == [(reverse("pat-list"), HTTPStatus.FOUND)]
    assert escape(TOKEN_DELETED_MESSAGE.format(description="doomed")) in response.content.decode()
    assert not PersonalAccessToken.objects.filter(pk=token.pk).exists()
    assert TokenEvent.objects.filter(token_id=token.pk, action="deleted", actor=member).exists()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    assert api_client.get(reverse("api:users-me")).status_code == HTTPStatus.UNAUTHORIZED


def test_regenerate_asks_first_then_shows_a_new_code(signed_in, member, team, make_pat, api_client):
    token, old_code = make_pat(user=member, team=team, description="rotating", can_write=True)
    url = reverse("pat-regenerate", args=[token.pk])

    confirm = signed_in.get(url)
    assert confirm.status_code == HTTPStatus.OK
    assert b'Regenerate the token "rotating"?' in confirm.content
    assert PersonalAccessToken.objects.get(pk=token.pk).digest == token.digest

    response = signed_in.post(url)
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    new_code = _code_in(response)
    assert new_code != old_code
    refreshed = PersonalAccessToken.objects.get(pk=token.pk)
    assert (refreshed.description, refreshed.can_write) == ("rotating", True)
    assert refreshed.digest == codes.digest(new_code)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {old_code}")
    assert api_client.get(reverse("api:users-me")).status_code == HTTPStatus.UNAUTHORIZED
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {new_code}")
    assert api_client.get(reverse("api:users-me")).status_code == HTTPStatus.OK
    assert new_code not in signed_in.get(reverse("pat-list")).content.decode()


def test_regenerate_refused_by_the_service_says_why(signed_in, member, team, make_pat):
    token, _ = make_pat(user=member, team=team, can_write=True)
    team.plan = Plan.BASIC
    team.save()
    response = signed_in.post(reverse("pat-regenerate", args=[token.pk]), follow=True)
    assert response.status_code == HTTPStatus.OK
    assert NO_WRITE_ACCESS_MESSAGE in response.content.decode()
    assert "new-token-code" not in response.content.decode()
    assert PersonalAccessToken.objects.get(pk=token.pk).digest == token.digest


@pytest.mark.parametrize("name", ["pat-delete", "pat-regenerate"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_token_is_404(signed_in, make_pat, name, method):
    token, _ = make_pat(user=UserFactory())
    response = getattr(signed_in, method)(reverse(name, args=[token.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert PersonalAccessToken.objects.get(pk=token.pk).digest == token.digest


@pytest.mark.parametrize("name", ["pat-delete", "pat-regenerate"])
def test_delete_and_regenerate_need_csrf(member, team, make_pat, name):
    token, _ = make_pat(user=member, team=team)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(reverse(name, args=[token.pk])).status_code == HTTPStatus.FORBIDDEN
    assert PersonalAccessToken.objects.get(pk=token.pk).digest == token.digest


@pytest.mark.parametrize("name", ["pat-delete", "pat-regenerate"])
def test_delete_and_regenerate_refuse_other_methods(signed_in, member, team, make_pat, name):
    token, _ = make_pat(user=member, team=team)
    response = signed_in.put(reverse(name, args=[token.pk]))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert PersonalAccessToken.objects.filter(pk=token.pk).exists()


@pytest.mark.parametrize("name", ["pat-delete", "pat-regenerate"])
def test_delete_and_regenerate_require_login(client, make_pat, name):
    token, _ = make_pat()
    url = reverse(name, args=[token.pk])
    response = client.post(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("login"))
    assert PersonalAccessToken.objects.get(pk=token.pk).digest == token.digest


def test_the_leak_detector_finds_a_code_that_was_kept(signed_in, member, team):
    """The check above would notice a code put in the session, the cache or the database."""
    response = _create(signed_in, team)
    code = _code_in(response)
    session = signed_in.session
    session["oops"] = code
    session.save()
    cache.set("oops", code)
    PersonalAccessToken.objects.filter(user=member).update(description=code[:100])
    assert _stored_anywhere(code, signed_in, response) == ["session", "database", "cache"]


def test_inline_error_is_tied_to_its_field_for_screen_readers(signed_in, team):
    body = _create(signed_in, team, description="").content.decode()
    field = re.search(r'<input type="text" name="description"[^>]*>', body).group(0)
    assert 'aria-invalid="true"' in field
    assert "id_description_error" in field
    assert (
        f'<p class="field-error" id="id_description_error">{DESCRIPTION_REQUIRED_MESSAGE}' in body
    )
