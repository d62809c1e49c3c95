"""Encryption at rest: key rotation keeps old rows readable, and the command re-encrypts them."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.db.models import TextField, Value

from regeling.applications.models import Application
from regeling.core import crypto
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _stored(column: str, pk: int) -> str:
    table = Application._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - fixed names
        return cursor.fetchone()[0]


@pytest.fixture
def new_key(settings):
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    key = Fernet.generate_key().decode()
    yield key, old_keys
    settings.FIELD_ENCRYPTION_KEYS = old_keys


def test_iban_stored_as_a_token_when_saved():
    application = ApplicationFactory(iban="NL91ABNA0417164300")
    assert "NL91ABNA" not in _stored("iban", application.pk)
    assert Application.objects.get(pk=application.pk).iban == "NL91ABNA0417164300"


def test_old_rows_stay_readable_when_a_new_key_is_added(settings, new_key):
    key, old_keys = new_key
    application = ApplicationFactory(postcode="1234 AB")
    settings.FIELD_ENCRYPTION_KEYS = [key, *old_keys]
    assert Application.objects.get(pk=application.pk).postcode == "1234 AB"


def test_reencrypt_rewrites_rows_with_the_newest_key_when_run(settings, new_key):
    key, old_keys = new_key
    application = ApplicationFactory(address_line="Dorpsstraat 1", city="Teststad")
    settings.FIELD_ENCRYPTION_KEYS = [key, *old_keys]
    call_command("reencrypt_fields", stdout=StringIO())
    assert Fernet(key).decrypt(_stored("address_line", application.pk).encode()) == b"Dorpsstraat 1"
    settings.FIELD_ENCRYPTION_KEYS = [key]  # the old key is gone now
    reloaded = Application.objects.get(pk=application.pk)
    assert (reloaded.address_line, reloaded.city) == ("Dorpsstraat 1", "Teststad")


def test_rows_unreadable_when_the_old_key_is_removed_before_reencrypting(settings, new_key):
    key, _ = new_key
    application = ApplicationFactory(city="Teststad")
    settings.FIELD_ENCRYPTION_KEYS = [key]
    with pytest.raises(InvalidToken):
        Application.objects.get(pk=application.pk)


def _store_plaintext(pk: int, **values) -> None:
    """A row as it was before its columns were encrypted (a plain Value skips the field)."""
    Application.objects.filter(pk=pk).update(
        **{name: Value(value, output_field=TextField()) for name, value in values.items()}
    )


def test_data_migration_encrypts_old_plaintext_rows_and_leaves_tokens_alone_when_run_twice():
    application = ApplicationFactory(motivation="Al versleuteld.")
    old = ApplicationFactory()
    _store_plaintext(old.pk, motivation="Camera aan de achterzijde.", conditions="Laat het afmelden.")
    token = _stored("motivation", application.pk)
    for _ in range(2):
        crypto.encrypt_stored(Application, ["motivation", "conditions"], using=connection.alias)
    assert "Camera" not in _stored("motivation", old.pk) and "afmelden" not in _stored("conditions", old.pk)
    assert _stored("motivation", application.pk) == token
    reloaded = Application.objects.get(pk=old.pk)
    assert (reloaded.motivation, reloaded.conditions) == ("Camera aan de achterzijde.", "Laat het afmelden.")


def test_data_migration_reversed_gives_the_plaintext_back_when_rolled_back():
    application = ApplicationFactory(motivation="Hek aan de voorzijde.")
    crypto.decrypt_stored(Application, ["motivation"], using=connection.alias)
    assert _stored("motivation", application.pk) == "Hek aan de voorzijde."


def test_encrypted_column_refuses_a_search_in_sql_when_it_would_match_nothing():
    ApplicationFactory(motivation="Hek aan de voorzijde.")
    with pytest.raises(FieldError):
        Application.objects.filter(motivation="Hek aan de voorzijde.").exists()
    with pytest.raises(FieldError):
        Application.objects.filter(motivation__icontains="Hek").exists()
    assert Application.objects.exclude(motivation="").count() == 1  # "is it empty" still works
