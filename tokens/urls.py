from django.urls import path

from .api import CredentialRevokeApi, MeTokenApi, MeTokenRotateApi

urlpatterns = [
    path("me/token", MeTokenApi.as_view(), name="me-token"),
    path("me/token/rotate", MeTokenRotateApi.as_view(), name="me-token-rotate"),
    path("credentials/revoke", CredentialRevokeApi.as_view(), name="credentials-revoke"),
]
