"""Authenticated encryption for personal data at rest, one field at a time.

Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`; MultiFernet gives
key rotation: the first key in FIELD_ENCRYPTION_KEYS encrypts, every key
decrypts, and `manage.py reencrypt_fields` rewrites rows with the newest key.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode()).decode()


def blind_index(value: str) -> str:
    """A keyed hash to match equal values (a residence) without storing them readable."""
    normalised = "".join(value.split()).upper()
    return hmac.new(settings.RESIDENCE_HASH_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token. Not searchable or sortable, by design."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
