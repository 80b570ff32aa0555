"""The OAuth 2.0 endpoints (`/oauth/…`) and the pages of API applications."""

from django.urls import path
from oauth2_provider import views as toolkit

from . import views

app_name = "oauth2_provider"  # the toolkit reverses its own names in this namespace

# Authorization code + PKCE, refresh, RFC 7009 revocation, RFC 7662 introspection. No
# device flow, no application management of the toolkit's own (ours is per team).
urlpatterns = [
    path("authorize/", views.TeamAuthorizationView.as_view(), name="authorize"),
    path("token/", toolkit.TokenView.as_view(), name="token"),
    path("revoke_token/", toolkit.RevokeTokenView.as_view(), name="revoke-token"),
    path("introspect/", views.TeamIntrospectTokenView.as_view(), name="introspect"),
]

team_page_urlpatterns = [
    path("", views.api_application_list_page, name="api-applications"),
    path("<int:application_id>/", views.api_application_edit_page, name="api-application-edit"),
    path(
        "<int:application_id>/<slug:action>/",
        views.api_application_action,
        name="api-application-action",
    ),
]

user_page_urlpatterns = [
    path("", views.authorized_applications_page, name="authorized-applications"),
]
