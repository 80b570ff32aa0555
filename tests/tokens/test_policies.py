"""Team token policies (issue 13 item 6): each rule's allowed and refused cases, at create,
regenerate, request time and housekeeping; the per-token allowlist; the settings pages, the
admin and the CLI; and authentication still one statement with every rule on."""

import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import include, path, reverse
from django.utils import timezone
from rest_framework import status
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

import config.urls
from teams.models import Membership
from tests.factories import MembershipFactory, TeamFactory, UserFactory, make_token
from tokens import codes
from tokens.models import PersonalAccessToken, TeamPolicy, TokenEvent
from tokens.policies import (
    ADDRESS_NOT_ALLOWED_MESSAGE,
    POLICY_LIFETIME_MESSAGE,
    POLICY_MAX_TOKENS_MESSAGE,
    POLICY_NO_WRITE_MESSAGE,
    POLICY_REQUIRES_EXPIRY_MESSAGE,
    TEAM_POLICY,
    in_networks,
    parse_networks,
)
from tokens.routing import team_scoped
from tokens.selectors import token_get_for_authentication
from tokens.services import (
    NOT_A_TEAM_ADMIN_MESSAGE,
    team_policy_set,
    token_create,
    token_regenerate,
    token_revoke_inactive,
    token_shorten_to_policy,
)
from tokens.views import POLICY_SAVED_MESSAGE


class GateApi(APIView):
    """A team-scoped view behind the default authentication and permission."""

    def get(self, request, team=None):
        return Response({"team": request.team.slug})

    def post(self, request, team=None):
        return Response({"team": request.team.slug}, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("gate/", include((team_scoped("check", GateApi.as_view(), name="check"), "gate"))),
    *config.urls.urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def admin_of(db):
    """A team (Business) and one of its admins."""
    team = TeamFactory()
    admin = UserFactory()
    MembershipFactory(user=admin, team=team, role=Membership.Role.ADMIN)
    return team, admin


def _policy(team, admin, **rules):
    return team_policy_set(team=team, actor=admin, **rules)


def _call(code, team, *, method="get", **extra):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    url = reverse("gate:check", kwargs={"team": team.slug})
    return getattr(client, method)(url, **extra)


# --- Parsing networks ---------------------------------------------------------------------------
def test_networks_are_parsed_canonical_and_deduplicated():
    assert parse_networks("10.0.0.0/8\n2001:DB8::/32, 192.0.2.7\n\n10.0.0.0/8") == [
        "10.0.0.0/8",
        "2001:db8::/32",
        "192.0.2.7/32",
    ]
    assert parse_networks(["10.1.2.3/8"]) == ["10.0.0.0/8"]  # host bits dropped


@pytest.mark.parametrize("bad", ["10.0.0.0/33", "not-a-network", "300.1.1.1", "::g/64"])
def test_bad_networks_are_refused_by_name(bad):
    with pytest.raises(ValueError, match="is not an IP network"):
        parse_networks(bad)


def test_membership_in_networks_ipv4_and_ipv6():
    assert in_networks("10.2.3.4", ["10.0.0.0/8"])
    assert not in_networks("11.2.3.4", ["10.0.0.0/8"])
    assert in_networks("2001:db8::1", ["10.0.0.0/8", "2001:db8::/32"])
    assert not in_networks("2001:db9::1", ["2001:db8::/32"])
    assert not in_networks("10.0.0.1", ["2001:db8::/32"])  # other family: not in it
    assert not in_networks(None, ["0.0.0.0/0"])


# --- Setting a policy ---------------------------------------------------------------------------
def test_an_admin_sets_the_policy_and_it_is_audited(admin_of):
    team, admin = admin_of
    policy = _policy(
        team, admin, max_lifetime_days=30, allow_write=False, allowed_networks="127.0.0.0/8"
    )
    assert policy.max_lifetime_days == 30
    assert policy.allowed_networks == ["127.0.0.0/8"]
    event = TokenEvent.objects.get(action=TokenEvent.Action.POLICY_CHANGED)
    assert event.team == team and event.actor == admin and event.token_id is None
    assert "max lifetime 30 d" in event.detail and "write forbidden" in event.detail
    # Set again: the same row, a second audit line.
    _policy(team, admin, max_lifetime_days=60)
    assert TeamPolicy.objects.get(team=team).max_lifetime_days == 60
    assert TokenEvent.objects.filter(action=TokenEvent.Action.POLICY_CHANGED).count() == 2


def test_a_member_who_is_not_admin_cannot_set_it(admin_of):
    team, _ = admin_of
    member = UserFactory()
    MembershipFactory(user=member, team=team)
    with pytest.raises(ValidationError) as caught:
        _policy(team, member, allow_write=False)
    assert caught.value.message_dict == {"team": [NOT_A_TEAM_ADMIN_MESSAGE]}
    assert not TeamPolicy.objects.exists()


def test_staff_may_set_any_team_policy(admin_of):
    team, _ = admin_of
    staff = UserFactory(is_staff=True)
    assert _policy(team, staff, require_expiry=True).require_expiry is True


@pytest.mark.parametrize("field", ["max_lifetime_days", "max_tokens_per_member", "inactivity_days"])
@pytest.mark.parametrize("value", [0, -1, "7", True])
def test_policy_numbers_are_positive_whole_numbers(admin_of, field, value):
    team, admin = admin_of
    with pytest.raises(ValidationError) as caught:
        _policy(team, admin, **{field: value})
    assert field in caught.value.message_dict


def test_a_bad_team_allowlist_is_refused_by_field(admin_of):
    team, admin = admin_of
    with pytest.raises(ValidationError) as caught:
        _policy(team, admin, allowed_networks="10.0.0.0/8\nlocalhost")
    assert "localhost" in caught.value.message_dict["allowed_networks"][0]


# --- Create and regenerate --------------------------------------------------------------------
def _create(team, user, **kwargs):
    kwargs.setdefault("description", f"token {timezone.now().timestamp()}")
    return token_create(user=user, team=team, **kwargs)


def test_write_tokens_refused_when_the_policy_forbids_them(admin_of):
    team, admin = admin_of
    _policy(team, admin, allow_write=False)
    with pytest.raises(ValidationError) as caught:
        _create(team, admin, can_write=True)
    assert caught.value.message_dict == {
        "can_write": [POLICY_NO_WRITE_MESSAGE.format(source=TEAM_POLICY)]
    }
    token, _ = _create(team, admin, can_write=False)  # read-only is fine
    assert token.pk


@pytest.mark.parametrize(
    ("days", "allowed"), [(7, True), (30, True), (60, False), (90, False), (None, False)]
)
def test_longest_lifetime(admin_of, days, allowed):
    team, admin = admin_of
    _policy(team, admin, max_lifetime_days=30)
    if allowed:
        assert _create(team, admin, expires_in_days=days)[0].expires_at is not None
        return
    with pytest.raises(ValidationError) as caught:
        _create(team, admin, expires_in_days=days)
    message = POLICY_LIFETIME_MESSAGE.format(source=TEAM_POLICY, days=30)
    assert caught.value.message_dict == {"expires_in_days": [message]}


def test_expiry_required(admin_of):
    team, admin = admin_of
    _policy(team, admin, require_expiry=True)
    with pytest.raises(ValidationError) as caught:
        _create(team, admin, expires_in_days=None)
    message = POLICY_REQUIRES_EXPIRY_MESSAGE.format(source=TEAM_POLICY)
    assert caught.value.message_dict == {"expires_in_days": [message]}
    assert _create(team, admin, expires_in_days=90)[0].pk


def test_most_tokens_per_member(admin_of):
    team, admin = admin_of
    _policy(team, admin, max_tokens_per_member=2)
    _create(team, admin, description="one")
    _create(team, admin, description="two")
    with pytest.raises(ValidationError) as caught:
        _create(team, admin, description="three")
    message = POLICY_MAX_TOKENS_MESSAGE.format(source=TEAM_POLICY, count=2)
    assert caught.value.message_dict == {"team": [message]}
    # Another member has their own allowance; another team is not limited.
    other = UserFactory()
    MembershipFactory(user=other, team=team)
    assert _create(team, other, description="theirs")[0].pk
    elsewhere = TeamFactory()
    MembershipFactory(user=admin, team=elsewhere)
    assert _create(elsewhere, admin, description="elsewhere")[0].pk


def test_regenerate_refused_when_the_token_now_breaks_the_policy(admin_of):
    team, admin = admin_of
    token, _ = _create(team, admin, expires_in_days=90, can_write=True)
    _policy(team, admin, max_lifetime_days=30)
    with pytest.raises(ValidationError) as caught:
        token_regenerate(token=token)
    assert POLICY_LIFETIME_MESSAGE.format(source=TEAM_POLICY, days=30) in caught.value.messages
    _policy(team, admin, allow_write=False)
    with pytest.raises(ValidationError) as caught:
        token_regenerate(token=token)
    assert caught.value.message_dict == {
        "can_write": [POLICY_NO_WRITE_MESSAGE.format(source=TEAM_POLICY)]
    }


def test_the_token_allowlist_is_stored_canonical_or_refused(admin_of):
    team, admin = admin_of
    token, _ = _create(team, admin, allowed_networks="192.0.2.0/24\n2001:db8::/48")
    assert token.allowed_networks == ["192.0.2.0/24", "2001:db8::/48"]
    with pytest.raises(ValidationError) as caught:
        _create(team, admin, allowed_networks=["192.0.2.0/40"])
    assert list(caught.value.message_dict) == ["allowed_networks"]


# --- Request time -----------------------------------------------------------------------------
def _refused_for_address(response, which: str, address: str):
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == ADDRESS_NOT_ALLOWED_MESSAGE.format(address=address, which=which)
    assert body["type"].endswith("/address_not_allowed")
    assert response["WWW-Authenticate"].startswith('Bearer realm="api", error="insufficient_scope"')


@pytest.mark.parametrize(
    ("networks", "address", "allowed"),
    [
        ("127.0.0.0/8", "127.0.0.1", True),
        ("127.0.0.0/8", "192.0.2.1", False),
        ("2001:db8::/32", "2001:db8::5", True),
        ("2001:db8::/32", "2001:db9::5", False),
        ("2001:db8::/32\n192.0.2.0/24", "192.0.2.200", True),
        ("10.0.0.0/8", "::ffff:10.1.1.1", True),  # IPv4-mapped IPv6 is the IPv4 address
    ],
)
def test_team_allowlist_at_request_time(admin_of, networks, address, allowed):
    team, admin = admin_of
    _, code = make_token(team=team, user=admin)
    _policy(team, admin, allowed_networks=networks)
    response = _call(code, team, REMOTE_ADDR=address)
    if allowed:
        assert response.status_code == HTTPStatus.OK
    else:
        _refused_for_address(response, "team's", address)


def test_token_allowlist_at_request_time(admin_of):
    team, admin = admin_of
    _, code = make_token(team=team, user=admin, allowed_networks=["198.51.100.0/24"])
    assert _call(code, team, REMOTE_ADDR="198.51.100.9").status_code == HTTPStatus.OK
    _refused_for_address(_call(code, team, REMOTE_ADDR="203.0.113.9"), "token's", "203.0.113.9")


def test_both_allowlists_must_pass(admin_of):
    team, admin = admin_of
    _, code = make_token(team=team, user=admin, allowed_networks=["10.1.0.0/16"])
    _policy(team, admin, allowed_networks="10.0.0.0/8")
    assert _call(code, team, REMOTE_ADDR="10.1.2.3").status_code == HTTPStatus.OK
    _refused_for_address(_call(code, team, REMOTE_ADDR="10.2.0.1"), "token's", "10.2.0.1")
    _refused_for_address(_call(code, team, REMOTE_ADDR="11.1.2.3"), "team's", "11.1.2.3")


def test_allowlist_behind_proxies_takes_the_address_the_proxies_vouch_for(admin_of, settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    team, admin = admin_of
    _, code = make_token(team=team, user=admin)
    _policy(team, admin, allowed_networks="203.0.113.0/24")
    allowed = _call(
        code, team, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.50"
    )
    assert allowed.status_code == HTTPStatus.OK
    # A client writing an allowed address at the left of the header gains nothing.
    spoofed = _call(
        code, team, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.50, 198.51.100.1"
    )
    _refused_for_address(spoofed, "team's", "198.51.100.1")


def test_allowlist_holds_outside_team_scoped_views_too(admin_of):
    team, admin = admin_of
    _, code = make_token(team=team, user=admin)
    _policy(team, admin, allowed_networks="10.0.0.0/8")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    response = client.post(reverse("api:me-token-rotate"), {}, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_tightened_allowlist_and_write_rule_apply_at_the_next_request(admin_of):
    team, admin = admin_of
    _, code = make_token(team=team, user=admin, can_write=True)
    assert _call(code, team, method="post", REMOTE_ADDR="192.0.2.1").status_code == 201
    _policy(team, admin, allow_write=False)
    refused = _call(code, team, method="post", REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert refused.json()["detail"] == POLICY_NO_WRITE_MESSAGE.format(source=TEAM_POLICY)
    assert _call(code, team, REMOTE_ADDR="192.0.2.1").status_code == HTTPStatus.OK  # reads on
    _policy(team, admin, allowed_networks="10.0.0.0/8")
    assert _call(code, team, REMOTE_ADDR="192.0.2.1").status_code == HTTPStatus.FORBIDDEN
    _policy(team, admin)  # loosened again: works again
    assert _call(code, team, method="post", REMOTE_ADDR="192.0.2.1").status_code == 201


def test_authentication_is_one_statement_with_every_rule_on(admin_of, django_assert_num_queries):
    team, admin = admin_of
    token, old_code = make_token(team=team, user=admin, can_write=True, allowed_networks=["::/0"])
    _policy(
        team,
        admin,
        max_lifetime_days=90,
        require_expiry=True,
        max_tokens_per_member=5,
        inactivity_days=30,
        allowed_networks="10.0.0.0/8\n2001:db8::/32",
    )
    token, new_code = token_regenerate(token=token, overlap="1h")
    for code in (old_code, new_code):
        with django_assert_num_queries(1):
            found = token_get_for_authentication(digest=codes.digest(code))
            assert found.team_policy.allowed_networks == ["10.0.0.0/8", "2001:db8::/32"]
            assert found.team.token_policy is found.team_policy  # cached: no query
            assert found.allowed_networks == ["::/0"]
            assert found.team_policy.allow_write is True


def test_a_team_without_policy_loads_none(make_pat):
    _, code = make_pat()
    assert token_get_for_authentication(digest=codes.digest(code)).team_policy is None


# --- Housekeeping -------------------------------------------------------------------------------
def test_a_shorter_lifetime_shortens_existing_tokens_once(admin_of):
    team, admin = admin_of
    long_lived, _ = make_token(team=team, user=admin, expires_in_days=None)
    short, _ = make_token(team=team, user=admin, expires_in_days=7)
    _policy(team, admin, max_lifetime_days=30)
    assert token_shorten_to_policy() == 1
    assert token_shorten_to_policy() == 0  # a second run (or machine) changes nothing
    long_lived.refresh_from_db()
    assert long_lived.expires_at == long_lived.created_at + timedelta(days=30)
    short.refresh_from_db()
    assert short.expires_at - short.created_at == timedelta(days=7)
    event = TokenEvent.objects.get(action=TokenEvent.Action.EXPIRY_SHORTENED)
    assert event.token_id == long_lived.pk and TEAM_POLICY in event.detail


def test_required_expiry_gives_never_expiring_tokens_one(admin_of):
    team, admin = admin_of
    token, _ = make_token(team=team, user=admin, expires_in_days=None)
    _policy(team, admin, require_expiry=True)
    now = timezone.now()
    assert token_shorten_to_policy(now=now) == 1
    token.refresh_from_db()
    assert token.expires_at == now + timedelta(days=90)


def test_unused_tokens_are_revoked_with_one_email(admin_of, django_capture_on_commit_callbacks):
    team, admin = admin_of
    admin.email = "admin@example.com"
    admin.save()
    now = timezone.now()
    stale, _ = make_token(team=team, user=admin, description="stale")
    fresh, _ = make_token(team=team, user=admin, description="fresh")
    never, _ = make_token(team=team, user=admin, description="never used")
    PersonalAccessToken.objects.filter(pk=stale.pk).update(last_used_at=now - timedelta(days=31))
    PersonalAccessToken.objects.filter(pk=fresh.pk).update(last_used_at=now - timedelta(days=2))
    PersonalAccessToken.objects.filter(pk=never.pk).update(created_at=now - timedelta(days=40))
    _policy(team, admin, inactivity_days=30)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert token_revoke_inactive(now=now) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert token_revoke_inactive(now=now) == 0
    assert set(PersonalAccessToken.objects.values_list("description", flat=True)) == {"fresh"}
    assert len(mail.outbox) == 2
    subjects = sorted(message.subject for message in mail.outbox)
    assert '"never used" was revoked: unused for 30 days' in subjects[0]
    assert mail.outbox[0].to == ["admin@example.com"]
    assert TokenEvent.objects.filter(action=TokenEvent.Action.REVOKED_INACTIVE).count() == 2


def test_housekeeping_runs_the_policy_task(admin_of):
    team, admin = admin_of
    make_token(team=team, user=admin, expires_in_days=None)
    _policy(team, admin, max_lifetime_days=30)
    out = io.StringIO()
    call_command("pat_housekeeping", "--only", "apply_team_policies", stdout=out)
    assert "1 token lifetimes shortened, 0 unused tokens revoked" in out.getvalue()


# --- Settings pages, admin, CLI -------------------------------------------------------------------
def test_the_pat_form_refuses_a_90_day_write_token_naming_the_rule(client, admin_of):
    team, admin = admin_of
    _policy(team, admin, max_lifetime_days=30, allow_write=False, allowed_networks="127.0.0.0/8")
    client.force_login(admin)
    data = {"description": "x", "team": team.pk, "expiration": "90", "can_write": "on"}
    response = client.post(reverse("pat-list"), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    errors = response.context["form"].errors
    assert POLICY_NO_WRITE_MESSAGE.format(source=TEAM_POLICY) in errors["can_write"]
    page = client.get(reverse("pat-list")).content.decode()
    assert "Tokens live at most 30 days." in page and "Only from 127.0.0.0/8." in page


def test_the_pat_form_takes_a_token_allowlist(client, admin_of):
    team, admin = admin_of
    client.force_login(admin)
    data = {"description": "x", "team": team.pk, "expiration": "30", "allowed_networks": "nope"}
    response = client.post(reverse("pat-list"), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "is not an IP network" in response.context["form"].errors["allowed_networks"][0]
    data["allowed_networks"] = "10.0.0.0/8"
    response = client.post(reverse("pat-list"), data)
    assert response.status_code == HTTPStatus.OK
    assert PersonalAccessToken.objects.get(user=admin).allowed_networks == ["10.0.0.0/8"]
    assert "Only from 10.0.0.0/8" in response.content.decode()


def test_team_policy_pages_for_admin_member_and_stranger(client, admin_of):
    team, admin = admin_of
    member, stranger = UserFactory(), UserFactory()
    MembershipFactory(user=member, team=team)
    url = reverse("team-policy-edit", kwargs={"team_slug": team.slug})
    client.force_login(stranger)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(member)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    assert client.post(url, {"allow_write": ""}).status_code == HTTPStatus.FORBIDDEN
    listing = client.get(reverse("team-policy-list")).content.decode()
    assert team.name in listing and url not in listing
    client.force_login(admin)
    assert client.get(url).status_code == HTTPStatus.OK
    bad = client.post(url, {"max_lifetime_days": "0", "allowed_networks": "x"})
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert set(bad.context["form"].errors) == {"max_lifetime_days", "allowed_networks"}
    response = client.post(
        url, {"max_lifetime_days": "30", "allowed_networks": "127.0.0.0/8"}, follow=True
    )
    assert POLICY_SAVED_MESSAGE.format(team=team.name) in response.content.decode()
    policy = TeamPolicy.objects.get(team=team)
    assert (policy.max_lifetime_days, policy.allow_write) == (30, False)  # unchecked box
    assert policy.allowed_networks == ["127.0.0.0/8"]
    assert "Tokens live at most 30 days." in response.content.decode()


def test_staff_set_a_policy_in_the_admin_through_the_service(admin_client, admin_of):
    team, _ = admin_of
    url = reverse("admin:tokens_teampolicy_add")
    data = {
        "team": team.pk,
        "max_lifetime_days": "7",
        "allow_write": "on",
        "allowed_networks": "10.0.0.0/8\n::1",
    }
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    policy = TeamPolicy.objects.get(team=team)
    assert policy.max_lifetime_days == 7 and policy.allowed_networks == ["10.0.0.0/8", "::1/128"]
    assert TokenEvent.objects.filter(action=TokenEvent.Action.POLICY_CHANGED, team=team).exists()
    changelist = admin_client.get(reverse("admin:tokens_teampolicy_changelist"))
    assert "max lifetime 7 d" in changelist.content.decode()


def test_the_cli_creates_a_token_with_an_allowlist_or_names_the_rule(admin_of):
    team, admin = admin_of
    out = io.StringIO()
    args = ["pat", "create", "--user", admin.username, "--team", team.slug]
    call_command(*args, "--description", "ci", "--allow", "10.0.0.0/8", stdout=out)
    assert PersonalAccessToken.objects.get(description="ci").allowed_networks == ["10.0.0.0/8"]
    _policy(team, admin, require_expiry=True)
    with pytest.raises(CommandError, match="requires an expiration"):
        call_command(*args, "--description", "forever", "--no-expiry", stdout=out)
