"""The codes of API applications, in the PAT format (`tokens/codes.py`) with their own prefixes.

Each is a prefix, 32 random base62 characters and a CRC32 checksum: secret scanners know
them by the prefix, and authentication turns away garbage before any query. Only their
SHA-256 digests are stored (the client secret: Django's password hasher, as the toolkit
does), so each exists in plaintext only in the response that creates it.
"""

from oauth2_provider.generators import BaseHashGenerator

from tokens import codes

ACCESS_TOKEN_PREFIX = "tsoat_"
REFRESH_TOKEN_PREFIX = "tsort_"
CLIENT_SECRET_PREFIX = "tscs_"
APPLICATION_KEY_PREFIX = "tsak_"


def access_token(request=None) -> str:
    """The toolkit's ACCESS_TOKEN_GENERATOR (oauthlib calls it with the request)."""
    return codes.generate(ACCESS_TOKEN_PREFIX)


def refresh_token(request=None) -> str:
    """The toolkit's REFRESH_TOKEN_GENERATOR."""
    return codes.generate(REFRESH_TOKEN_PREFIX)


def application_key() -> str:
    return codes.generate(APPLICATION_KEY_PREFIX)


class ClientSecretGenerator(BaseHashGenerator):
    """The toolkit's CLIENT_SECRET_GENERATOR_CLASS: `tscs_…` secrets."""

    def hash(self) -> str:
        return codes.generate(CLIENT_SECRET_PREFIX)
