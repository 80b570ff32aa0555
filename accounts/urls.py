from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "users/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"
    ),
    path("users/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("users/settings/", views.account_settings, name="account-settings"),
    path("users/<int:user_id>/", views.profile, name="user-profile"),
    path("users/<int:user_id>/avatar.svg", views.avatar, name="user-avatar"),
]
