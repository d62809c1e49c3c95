"""The chain's HMAC keys: from the environment (never the database), newest first, like the field keys.

New links and checkpoints are signed with the newest key; older keys stay listed so
links made before a rotation still verify. Each link names its key by a short id
(a hash of the key, which reveals nothing about it).
"""

import hashlib
import hmac

from django.conf import settings


def _keys() -> list[bytes]:
    keys = [key.encode() for key in settings.AUDIT_CHAIN_KEYS if key]
    if not keys:
        # Development without a configured key: still outside the database; `check --deploy` warns.
        keys = [hmac.new(settings.SECRET_KEY.encode(), b"regeling.audit.chain", hashlib.sha256).hexdigest().encode()]
    return keys


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"key-id:" + key).hexdigest()[:16]


def newest() -> tuple[str, bytes]:
    key = _keys()[0]
    return key_id(key), key


def by_id(wanted: str) -> bytes | None:
    return next((key for key in _keys() if key_id(key) == wanted), None)


def sign(key: bytes, payload: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def matches(key: bytes, payload: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(key, payload), signature)
