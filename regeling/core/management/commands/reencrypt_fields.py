"""Rewrite every encrypted field with the newest key: `manage.py reencrypt_fields`.

Run after putting a new key first in FIELD_ENCRYPTION_KEYS; once it has run,
the old key can be removed. Safe to run again and safe to interrupt: every row
stays readable with the key list in between.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F, TextField, Value
from django.db.models.functions import Cast

from regeling.core.crypto import EncryptedTextField, fernet

BATCH_SIZE = 500


def encrypted_fields():
    """(model, [field names]) for every model with an encrypted field."""
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names


def reencrypt_model(model, names: list[str]) -> int:
    """Rotate each stored token to the newest key, without ever holding plaintext in a query."""
    keys = fernet()
    raw = {f"raw_{name}": Cast(F(name), output_field=TextField()) for name in names}
    rows = model._base_manager.annotate(**raw).values_list("pk", *raw).order_by("pk")
    rewritten = 0
    last_pk = None
    while True:
        batch = rows.filter(pk__gt=last_pk) if last_pk is not None else rows
        batch = list(batch[:BATCH_SIZE])
        if not batch:
            return rewritten
        with transaction.atomic():
            for pk, *tokens in batch:
                rotated = {
                    name: keys.rotate(token.encode()).decode()
                    for name, token in zip(names, tokens, strict=True)
                    if token
                }
                if rotated:
                    # A plain-text Value skips the field's own encryption: the token is stored as is.
                    values = {name: Value(token, output_field=TextField()) for name, token in rotated.items()}
                    model._base_manager.filter(pk=pk).update(**values)
                    rewritten += 1
        last_pk = batch[-1][0]


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the first key in FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        for model, names in encrypted_fields():
            count = reencrypt_model(model, names)
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted ({', '.join(names)})")
