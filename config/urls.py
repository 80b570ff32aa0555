"""Root URLs: every app's routes are wired here."""

from django.contrib import admin
from django.urls import include, path

import content.urls
import tokens.urls

api_v3 = ([*tokens.urls.urlpatterns, *content.urls.urlpatterns], "api")

urlpatterns = [
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v3/", include(api_v3)),
]
