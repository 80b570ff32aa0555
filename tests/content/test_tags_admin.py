"""The tag and synonym admin."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content import services
from content.models import TagSynonym, UserGroup
from tests.factories import MembershipFactory, TagFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_tag_changelist_shows_counts_and_filters_by_team(admin_client, team):
    tag = TagFactory(team=team, name="kotlin")
    alice, bob = (MembershipFactory(team=team).user for _ in range(2))
    tag.sme_users.add(alice)
    group = UserGroup.objects.create(team=team, name="Mobile")
    group.members.add(alice, bob)
    tag.sme_groups.add(group)
    services.tag_watch(tag=tag, user=bob)
    TagFactory(team=TeamFactory(), name="swift")
    changelist = reverse("admin:content_tag_changelist")
    response = admin_client.get(changelist, {"team__id__exact": team.pk})
    assert response.status_code == HTTPStatus.OK
    rows = list(response.context["cl"].result_list)
    assert [(t.name, t.sme_count, t.watcher_count) for t in rows] == [("kotlin", 2, 1)]
    assert admin_client.get(changelist, {"q": "swi"}).context["cl"].result_count == 1
    page = admin_client.get(reverse("admin:content_tag_change", args=[tag.pk]))
    body = page.content.decode()
    assert alice.username in body and "Mobile" in body and bob.username in body


def test_staff_add_a_synonym_through_the_services(admin_client, team):
    tag = TagFactory(team=team, name="python")
    TagFactory(team=team, name="py")
    add = reverse("admin:content_tagsynonym_add")
    refused = admin_client.post(add, {"tag": tag.pk, "name": "PY"})
    assert refused.status_code == HTTPStatus.OK
    assert refused.context["adminform"].form.errors["name"] == [services.SYNONYM_IS_A_TAG_MESSAGE]
    response = admin_client.post(add, {"tag": tag.pk, "name": " Python3 "})
    assert response.status_code == HTTPStatus.FOUND
    synonym = TagSynonym.objects.get()
    assert (synonym.name, synonym.tag, synonym.team) == ("python3", tag, team)
