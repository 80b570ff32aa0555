"""Enterprise API applications: OAuth 2.0 on django-oauth-toolkit, and application keys.

A team admin registers an application for an Enterprise team (`ApiApplication`, beside the
toolkit's own `Application`); its users grant it an access token through the authorization
code flow with PKCE; the token then passes the same gate as a personal access token
(`tokens.credentials`, `tokens.permissions.TeamAccessPermission`).
"""
