from tokens.routing import team_scoped

from .api import UserMeApi

urlpatterns = [
    *team_scoped("users/me", UserMeApi.as_view(), name="users-me"),
]
