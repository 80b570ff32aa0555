"""Team images for people's browsers: `/teams/<slug>/images/<id>`.

A Markdown body shows an image with `<img src>`, and a browser sends the session cookie with
that request, never an API token: this route is what `content.markdown` points embedded
team images at. Members of the team only; anyone else (signed out included) gets a 404.
"""

from django.views.decorators.http import require_safe

from .. import selectors
from ..image_response import image_response


@require_safe
def image(request, team: str, image_id: str):
    found = selectors.image_get_for_member(user=request.user, team_slug=team, image_id=image_id)
    return image_response(found)
