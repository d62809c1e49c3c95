"""How long a typed text may be, in one place (issue 15).

Every text a person types has a maximum: in the model (so a service called directly
refuses it), in the form (so a person gets a Dutch message and keeps what was typed)
and in the letter renderer (so oversized data fails clearly instead of stalling the
worker). The limits are what a real case needs, with room to spare; docs/security.md
("Input") lists them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# A person's or a place's name, an account holder, a hearing place ("Stadhuis, zaal 2" or a video link).
NAME = 200
# A street and house number; the longest Dutch street name has 40-odd letters.
ADDRESS_LINE = 200
POSTCODE = 10
CITY = 100
PHONE = 30
EMAIL = 254  # RFC 5321, as Django's EmailField
HOUSE_NUMBER = 10
IBAN = 42  # 34 characters, with a space after every four
# A file's name as uploaded (the rest is cut off where it is stored).
FILE_NAME = 200
# A number or code from another administration (an advice, an import's source row).
REFERENCE = 100
# Longer than any password manager makes; hashing a megabyte would cost the server seconds.
PASSWORD = 1_000
# One measure as the security advice names it: one line in the letter's table.
LINE = 300
# A reason, a note, a request or an answer about one point.
REASON = 2_000
# A motivation, the applicant's views, grounds of objection, a hearing report, an advice:
# several pages of A4 (about 1,500 words).
TEXT = 10_000
# The grounds of an objection: the first text and what is added when it is repaired (Awb 6:6).
GROUNDS = 3 * TEXT


class TextTooLong(ValidationError):
    """A text over its field's maximum reached a save without a form in front of it
    (a service called directly): the save is refused, nothing is written."""


def too_long(label, limit: int, length: int) -> TextTooLong:
    return TextTooLong(
        _("%(field)s is too long: at most %(limit)s characters, now %(length)s."),
        code="max_length",
        params={"field": capfirst(label), "limit": limit, "length": length},
    )


def check_lengths(instance, update_fields=None) -> None:
    """Refuse to save a row whose text is longer than its column's maximum.

    On PostgreSQL a varchar over its length is a DataError (a 500); on SQLite, and for a
    text column, it would be stored. This names the field instead, before any SQL runs.
    """
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.max_length is None:
            continue
        if update_fields is not None and field.name not in update_fields and field.attname not in update_fields:
            continue
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and len(value) > field.max_length:
            raise too_long(field.verbose_name, field.max_length, len(value))


def refuse_oversized_text(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """pre_save for the project's own models (connected in CoreConfig.ready)."""
    if raw or not sender.__module__.startswith("regeling."):
        return
    check_lengths(instance, update_fields)
