"""The toolkit's request validator, narrowed to Teamstack's API applications."""

from datetime import timedelta

from oauth2_provider.oauth2_validators import OAuth2Validator

# `no_expiry`, as on Stack: the access token works until it is revoked. The toolkit needs
# an expiry date, so it is a century away.
NO_EXPIRY_SCOPE = "no_expiry"
NO_EXPIRY_SECONDS = int(timedelta(days=36500).total_seconds())


class TeamOAuth2Validator(OAuth2Validator):
    """oauthlib's validator as the toolkit implements it, plus Teamstack's rules:

    - a client is known only as a registered API application of a team whose plan has API
      applications (Enterprise): a bare toolkit application, or one of a team that left
      Enterprise, gets `invalid_client`, at every endpoint;
    - grants are what the application was registered for (authorization code, and refresh),
      with PKCE S256 required (settings: PKCE_REQUIRED, RFC 9700 gates);
    - redirect URIs match exactly, character for character (RFC 9700 §2.1), loopback ports
      included: the toolkit lets `http://127.0.0.1` take any port (RFC 8252 §7.3); here a
      script registers the port it listens on;
    - an access token granted `no_expiry` does not expire after 24 hours.
    """

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        registered = request.client.redirect_uris.split()
        return redirect_uri in registered and super().validate_redirect_uri(
            client_id, redirect_uri, request, *args, **kwargs
        )

    def _load_application(self, client_id, request):
        application = super()._load_application(client_id, request)
        if application is None:
            return None
        api_application = getattr(application, "api_application", None)
        if api_application is None or not api_application.team.allows_api_applications:
            request.client = None
            return None
        return application

    def _save_bearer_token(self, token, request, *args, **kwargs):
        if NO_EXPIRY_SCOPE in token.get("scope", "").split():
            token["expires_in"] = NO_EXPIRY_SECONDS  # the response says so too
        return super()._save_bearer_token(token, request, *args, **kwargs)
