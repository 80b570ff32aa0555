"""The admin of user groups and collections: staff look things up and change them through
the services (members and editors stay members of the team)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content.models import Collection, UserGroup
from tests.factories import (
    CollectionFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
    UserGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_group_changelist_search_and_filter(admin_client, team):
    UserGroupFactory(team=team, name="Reviewers", members=[UserFactory(), UserFactory()])
    UserGroupFactory(team=TeamFactory(), name="Elsewhere")
    url = reverse("admin:content_usergroup_changelist")
    response = admin_client.get(url, {"q": "review"})
    assert response.status_code == HTTPStatus.OK
    assert b"Reviewers" in response.content
    assert b"Elsewhere" not in response.content
    response = admin_client.get(url, {"team__id__exact": team.pk})
    assert b"Reviewers" in response.content
    assert b"Elsewhere" not in response.content


def test_group_add_and_change_go_through_the_services(admin_client, team):
    member = MembershipFactory(team=team).user
    outsider = UserFactory()
    add = reverse("admin:content_usergroup_add")
    data = {"team": team.pk, "name": "Ops", "description": "", "members": [outsider.pk]}
    response = admin_client.post(add, data)
    assert response.status_code == HTTPStatus.OK  # the form again, with the error
    assert b"not members of the team" in response.content
    assert not UserGroup.objects.exists()
    response = admin_client.post(add, {**data, "members": [member.pk]})
    assert response.status_code == HTTPStatus.FOUND
    group = UserGroup.objects.get()
    assert list(group.members.all()) == [member]
    UserGroupFactory(team=team, name="Taken")
    change = reverse("admin:content_usergroup_change", args=[group.pk])
    response = admin_client.post(change, {"name": "TAKEN", "description": "", "members": []})
    assert response.status_code == HTTPStatus.OK
    response = admin_client.post(change, {"name": "Ops 2", "description": "d", "members": []})
    assert response.status_code == HTTPStatus.FOUND
    group.refresh_from_db()
    assert (group.name, group.members.count()) == ("Ops 2", 0)


def test_collection_admin_lists_changes_and_deletes(admin_client, team):
    owner, heir = MembershipFactory(team=team).user, MembershipFactory(team=team).user
    collection = CollectionFactory(
        team=team, owner=owner, title="Widgets", content=[QuestionFactory(team=team)]
    )
    response = admin_client.get(reverse("admin:content_collection_changelist"), {"q": "widg"})
    assert response.status_code == HTTPStatus.OK
    assert b"Widgets" in response.content
    change = reverse("admin:content_collection_change", args=[collection.pk])
    assert admin_client.get(change).status_code == HTTPStatus.OK
    data = {
        "title": "Widgets!",
        "description": "",
        "owner": heir.pk,
        "editor_users": [UserFactory().pk],
        "editor_groups": [],
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 1,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
        "items-0-id": collection.items.get().pk,
        "items-0-collection": collection.pk,
    }
    response = admin_client.post(change, data)
    assert response.status_code == HTTPStatus.OK  # the editor is not in the team
    response = admin_client.post(change, {**data, "editor_users": [owner.pk]})
    assert response.status_code == HTTPStatus.FOUND, response.content[:2000]
    collection.refresh_from_db()
    assert (collection.title, collection.owner, list(collection.editor_users.all())) == (
        "Widgets!",
        heir,
        [owner],
    )
    assert collection.items.count() == 1
    delete = reverse("admin:content_collection_delete", args=[collection.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FOUND
    assert not Collection.objects.exists()
