"""Collection pages: the team's collections (`web-collections`), a collection at its
`webUrl` (`web-collection`: its questions and articles in order, owner and editors), and
create (`web-collection-new`), edit (`web-collection-edit`) and delete
(`web-collection-delete`) through the collection services and their rules: any member
creates one; its owner, editors (and members of its editor groups) and team admins change
it; only its owner or a team admin deletes it. A refusal is said on the collection's page
with the service's message; creating and deleting are done once per form.
"""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from .. import selectors, services
from ..urls_paths import collection_path, collections_path
from .article_forms import CollectionEditForm, CollectionForm, collection_initial
from .common import (
    PAGE_SIZE,
    Done,
    SentOnce,
    choice,
    is_team_admin,
    messages_by_anchor,
    page_number,
    redirect_to,
    refuse,
    render_list,
    saved,
    team_page,
)
from .forms import ConfirmForm

COLLECTION_ANCHOR = "collection"
COLLECTION_ORDERS = {"creation": "Newest", "lastEdit": "Recently edited"}
COLLECTION_SHOWN = {"all": "All", "owned": "Mine", "editable": "I can edit"}
TITLE_FILTER_MAX_LENGTH = 150

COLLECTION_DELETED_MESSAGE = "The collection “{title}” was deleted."


@require_safe
@team_page
def collection_index(request):
    """The team's collections, newest or recently edited first; all, mine, or those I may
    edit; filtered by a part of the title."""
    order = choice(request, "sort", COLLECTION_ORDERS, "creation")
    shown = choice(request, "show", COLLECTION_SHOWN, "all")
    query = request.GET.get("q", "").strip()[:TITLE_FILTER_MAX_LENGTH]
    page = selectors.collection_list(
        team=request.team,
        user=request.user,
        page=page_number(request),
        page_size=PAGE_SIZE,
        sort=order,
        permissions=shown,
        partial_title=query or None,
    )
    return render_list(
        request,
        "content/collections.html",
        section="collections",
        page=page,
        order=order,
        orders=list(COLLECTION_ORDERS.items()),
        shown=shown,
        shown_choices=list(COLLECTION_SHOWN.items()),
        query=query,
    )


def _may_edit(request, collection) -> bool:
    """The services' edit rule, on what `collection_get` loaded (owner, team admin, a
    direct editor, or a member of an editor group); the services check it again."""
    user_id = request.user.pk
    if collection.owner_id == user_id or is_team_admin(request):
        return True
    if any(user.pk == user_id for user in collection.editor_members):
        return True
    return any(
        member.pk == user_id
        for group in collection.editor_user_groups
        for member in group.members_in_team
    )


def _may_own(request, collection) -> bool:
    return collection.owner_id == request.user.pk or is_team_admin(request)


@require_safe
@team_page
def collection(request, collection_id: int):
    """A collection: title, description, its questions and articles in order, their tags,
    owner and editors."""
    collection = selectors.collection_get(team=request.team, collection_id=collection_id)
    refusals, page_messages = messages_by_anchor(request)
    for leftover in refusals.values():
        page_messages.extend(leftover)
    context = {
        "section": "collections",
        "collection": collection,
        "may_edit": _may_edit(request, collection),
        "may_delete": _may_own(request, collection),
        "page_messages": page_messages,
    }
    return render(request, "content/collection.html", context)


def _choices(team) -> dict:
    return {
        "members": selectors.member_choice_list(team=team),
        "groups": selectors.user_group_choice_list(team=team),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def collection_new(request):
    """Make a collection (any member; they own it). A double click makes one."""
    team = request.team
    form = CollectionForm(request.POST if request.method == "POST" else None, **_choices(team))
    if form.is_valid():
        data = form.cleaned_data

        def post():
            collection = services.collection_create(
                team=team, user=request.user, **form.service_arguments()
            )
            return Done(collection_path(team.slug, collection.pk))

        sent = SentOnce(
            request,
            form,
            scope=f"collection:{team.pk}",
            content=f"{data['title']}\0{data['content']}",
            fallback=collections_path(team.slug),
        )
        response = sent.run(post)
        if response is not None:
            return response
    status = 400 if form.is_bound and form.errors else 200
    context = {"section": "collections", "form": form}
    return render(request, "content/collection_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def collection_edit(request, collection_id: int):
    """Edit a collection (owner, editors, team admins); anyone else is sent back to it,
    told why."""
    team = request.team
    collection = selectors.collection_get(team=team, collection_id=collection_id)
    page = collection_path(team.slug, collection.pk)
    if not _may_edit(request, collection):
        refuse(request, services.COLLECTION_EDIT_NOT_ALLOWED_MESSAGE, anchor=COLLECTION_ANCHOR)
        return redirect_to(page)
    initial = collection_initial(collection, team_slug=team.slug)
    data = request.POST if request.method == "POST" else None
    form = CollectionEditForm(data, initial=initial, **_choices(team))
    if form.is_valid() and saved(
        form,
        lambda: services.collection_update(
            collection=selectors.collection_get_for_write(team=team, collection_id=collection.pk),
            user=request.user,
            **form.service_arguments(),
        ),
    ):
        return redirect_to(page)
    status = 400 if form.is_bound and form.errors else 200
    context = {"section": "collections", "collection": collection, "form": form}
    return render(request, "content/collection_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def collection_delete(request, collection_id: int):
    """Ask, then delete a collection (its owner or a team admin; anyone else is sent back
    to it, told why). Its questions and articles stay."""
    team = request.team
    collection = selectors.collection_get_for_write(team=team, collection_id=collection_id)
    page = collection_path(team.slug, collection.pk)
    if not _may_own(request, collection):
        refuse(request, services.COLLECTION_OWNER_ONLY_MESSAGE, anchor=COLLECTION_ANCHOR)
        return redirect_to(page)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():

        def delete():
            services.collection_delete(collection=collection, user=request.user)
            message = COLLECTION_DELETED_MESSAGE.format(title=collection.title)
            return Done(collections_path(team.slug), message=message)

        scope = f"delete-collection:{collection.pk}"
        return SentOnce(request, form, scope=scope, fallback=collections_path(team.slug)).run(
            delete
        )
    return render(
        request,
        "content/confirm_delete.html",
        {
            "section": "collections",
            "form": form,
            "what": "collection",
            "title": collection.title,
            "body_html": "",
            "cancel": page,
            "consequence": "Its questions and articles stay where they are.",
        },
    )
