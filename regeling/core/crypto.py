"""Authenticated encryption for personal data at rest, one field at a time.

Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`; MultiFernet gives
key rotation: the first key in FIELD_ENCRYPTION_KEYS encrypts, every key
decrypts, and `manage.py reencrypt_fields` rewrites rows with the newest key.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import validators
from django.core.exceptions import FieldError
from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Cast
from django.db.models.lookups import Exact


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


class EmptyOnlyExact(Exact):
    """`field=""` works on an encrypted column (the empty text is stored as is); any other
    value would be compared with a fresh random token and match nothing, so it is refused."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise FieldError(f"{self.lhs.target.name} is encrypted: SQL can only compare it with the empty text")
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token. Not searchable or sortable, by design.

    `max_length` counts the plaintext (the token is longer): its form field and `full_clean`
    check it, and regeling/core/limits.py refuses a longer text at save.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def get_lookup(self, lookup_name):
        # A query on a token matches nothing, silently: only "is it empty" can be asked in SQL.
        if lookup_name not in ("exact", "isnull"):
            raise FieldError(f"{self.name} is encrypted: SQL cannot search it ({lookup_name}); filter in Python")
        return EmptyOnlyExact if lookup_name == "exact" else super().get_lookup(lookup_name)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


def _rewrite_stored(model, names: list[str], using: str, change) -> int:
    """Rewrite each stored value of `names` with `change(stored) -> new or None`, in batches by pk,
    never through the field itself (so a token is written as is). For data migrations."""
    raw = {f"raw_{name}": Cast(F(name), output_field=models.TextField()) for name in names}
    rows = model._base_manager.using(using).annotate(**raw).values_list("pk", *raw).order_by("pk")
    rewritten, last_pk = 0, None
    while True:
        batch = list((rows.filter(pk__gt=last_pk) if last_pk is not None else rows)[:500])
        if not batch:
            return rewritten
        for pk, *stored in batch:
            new = {name: change(value) for name, value in zip(names, stored, strict=True) if value}
            new = {name: value for name, value in new.items() if value is not None}
            if new:
                values = {name: Value(value, output_field=models.TextField()) for name, value in new.items()}
                model._base_manager.using(using).filter(pk=pk).update(**values)
                rewritten += 1
        last_pk = batch[-1][0]


def _is_token(value: str) -> bool:
    try:
        decrypt(value)
    except InvalidToken:
        return False
    return True


def encrypt_stored(model, names: list[str], using: str) -> int:
    """A data migration's step after a column became an EncryptedTextField: encrypt the
    plaintext rows (a value that already is a token stays as it is, so it can run twice)."""
    return _rewrite_stored(model, names, using, lambda value: None if _is_token(value) else encrypt(value))


def decrypt_stored(model, names: list[str], using: str) -> int:
    """The reverse of `encrypt_stored`: back to plaintext, before the column stops being encrypted."""
    return _rewrite_stored(model, names, using, lambda value: decrypt(value) if _is_token(value) else None)


def encrypt_columns(app_label: str, columns: dict[str, list[str]]) -> migrations.RunPython:
    """The data migration after columns became EncryptedTextFields: their plaintext rows are
    encrypted on the migrating connection (`migrate --database owner`); reversible."""

    def forwards(apps, schema_editor):
        for name, fields in columns.items():
            encrypt_stored(apps.get_model(app_label, name), fields, using=schema_editor.connection.alias)

    def backwards(apps, schema_editor):
        for name, fields in columns.items():
            decrypt_stored(apps.get_model(app_label, name), fields, using=schema_editor.connection.alias)

    return migrations.RunPython(forwards, backwards)
