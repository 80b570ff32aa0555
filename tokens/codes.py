"""The token format: `tspat_` + 32 random base62 characters + 6 base62 characters of CRC32.

The fixed prefix lets secret scanners recognise a leaked token. The checksum lets
authentication turn away typos and garbage in memory, without a database query. The random
part carries 32 * log2(62), about 190 bits, from `secrets`, so a fast hash (SHA-256) is as safe
to store as a slow password hash would be, and keeps authentication one indexed lookup.
"""

import hashlib
import secrets
import string
import zlib

from django.conf import settings

ALPHABET = string.digits + string.ascii_letters  # base62
_ALPHABET_SET = frozenset(ALPHABET)
RANDOM_LENGTH = 32
CHECKSUM_LENGTH = 6  # 62**6 > 2**32: any CRC32 fits


def prefix() -> str:
    return settings.PAT_PREFIX


def _base62(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, remainder = divmod(number, 62)
        chars.append(ALPHABET[remainder])
    return "".join(reversed(chars))


def _checksum(random_part: str) -> str:
    return _base62(zlib.crc32(random_part.encode("ascii")), CHECKSUM_LENGTH)


def generate(code_prefix: str | None = None) -> str:
    """A new token code. It exists in plaintext only until the response that shows it.

    `code_prefix` names another kind of credential in the same format (OAuth access and
    refresh tokens, client secrets, application keys: tokens/oauth/codes.py); the PAT
    prefix by default."""
    random_part = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{code_prefix or prefix()}{random_part}{_checksum(random_part)}"


def is_well_formed(code: str, code_prefix: str | None = None) -> bool:
    """Shape and checksum check: no database, no hashing, constant small cost."""
    pre = code_prefix or prefix()
    if len(code) != len(pre) + RANDOM_LENGTH + CHECKSUM_LENGTH or not code.startswith(pre):
        return False
    body = code[len(pre) :]
    if not _ALPHABET_SET.issuperset(body):
        return False
    random_part, checksum = body[:RANDOM_LENGTH], body[RANDOM_LENGTH:]
    return secrets.compare_digest(_checksum(random_part), checksum)


def digest(code: str) -> str:
    """SHA-256 hex of the whole code: the only form in which a token is stored."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()
