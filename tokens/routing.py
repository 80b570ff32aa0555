"""URL helper: every team-scoped API route answers with and without `/teams/{team}`."""

from django.urls import path

TEAM_URL_KWARG = "team"


def team_scoped(route: str, view, name: str) -> list:
    """Both forms of an API route under one name.

    `reverse(name, kwargs={"team": slug, ...})` gives `/teams/<slug>/<route>`,
    `reverse(name, kwargs={...})` the team-less form, where the team is the token's own.
    """
    return [
        path(f"teams/<slug:{TEAM_URL_KWARG}>/{route}", view, name=name),
        path(route, view, name=name),
    ]
