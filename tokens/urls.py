from django.urls import path

from .api import MeTokenApi

urlpatterns = [
    path("me/token", MeTokenApi.as_view(), name="me-token"),
]
