"""The API's renderers besides DRF's JSON and browsable ones."""

from rest_framework.renderers import BaseRenderer, JSONRenderer

from .errors import PROBLEM_CONTENT_TYPE


class ProblemJSONRenderer(BaseRenderer):
    """JSON for a client that sends `Accept: application/problem+json` (alone), which would
    otherwise get a 406 from content negotiation.

    Errors leave as `application/problem+json`, as for every client; a success is JSON and
    is labelled `application/json`, since it is not a problem. Not a JSONRenderer subclass,
    so the schema (SPECTACULAR_SETTINGS["RENDERER_WHITELIST"]) does not list every success
    response under this media type too.
    """

    media_type = PROBLEM_CONTENT_TYPE
    format = "problem+json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code < 400:
            response["Content-Type"] = JSONRenderer.media_type
        return JSONRenderer().render(data, accepted_media_type, renderer_context)
