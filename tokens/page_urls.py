"""The settings pages for personal access tokens, under `/users/pats/`."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.pat_list, name="pat-list"),
    path("<int:token_id>/delete/", views.pat_delete, name="pat-delete"),
    path("<int:token_id>/regenerate/", views.pat_regenerate, name="pat-regenerate"),
    path("<int:token_id>/end-overlap/", views.pat_end_overlap, name="pat-end-overlap"),
    path("<int:token_id>/usage/", views.pat_usage, name="pat-usage"),
    path("alerts/", views.pat_alerts, name="pat-alerts"),
    # The teams' token policies (set by team admins).
    path("policies/", views.team_policy_list, name="team-policy-list"),
    path("policies/<slug:team_slug>/", views.team_policy_edit, name="team-policy-edit"),
]
