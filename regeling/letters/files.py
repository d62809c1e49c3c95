"""A letter's PDF exists under its final name only once its row is committed.

The worker writes the PDF as `<final name>.part` inside the rendering transaction, stores the
final name in the row, and renames the file after commit. A kill or a lost database
connection in between leaves a `.part` file; `sweep.sweep_files` (beat, the worker's
start and `manage.py check_letters`) finishes the rename when the row was committed, and deletes the
file after a grace period when it was not. A final-named file no row points to (one left
before this existed) is deleted after the same grace period.
"""

import logging
import os

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.utils.deconstruct import deconstructible

log = logging.getLogger(__name__)
FOLDER = "letters"
PART = ".part"


def write_after_commit(final_name: str, pdf: bytes) -> None:
    """Write `pdf` as `final_name` + PART now; rename it to `final_name` once the caller's transaction commits."""
    part = default_storage.save(final_name + PART, ContentFile(pdf))
    transaction.on_commit(lambda: publish(part, final_name))


def publish(part: str, final_name: str) -> bool:
    """Rename a written `.part` to its final name. False when there was nothing to rename."""
    try:
        os.replace(default_storage.path(part), default_storage.path(final_name))
    except FileNotFoundError:
        return False  # already renamed (by the sweep or the other route)
    return True


def ensure_published(final_name: str) -> None:
    """Before reading a committed letter's file: finish a rename a crash interrupted."""
    if final_name and not default_storage.exists(final_name) and default_storage.exists(final_name + PART):
        publish(final_name + PART, final_name)


def stored_names() -> list[str]:
    """Every file in the letters folder, `.part` files included."""
    try:
        _, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    return [f"{FOLDER}/{name}" for name in files]


@deconstructible
class LetterStorage(Storage):
    """The default storage, except that reading a letter's file first finishes a rename a crash
    interrupted: a row that can be read was committed, so its `.part` is complete."""

    def _open(self, name, mode="rb"):
        ensure_published(name)
        return default_storage.open(name, mode)

    def _save(self, name, content):
        return default_storage.save(name, content)

    def delete(self, name):
        default_storage.delete(name)

    def exists(self, name):
        return default_storage.exists(name)

    def size(self, name):
        ensure_published(name)
        return default_storage.size(name)

    def path(self, name):
        return default_storage.path(name)

    def url(self, name):
        return default_storage.url(name)

    def listdir(self, path):
        return default_storage.listdir(path)

    def get_modified_time(self, name):
        return default_storage.get_modified_time(name)


def letter_storage() -> LetterStorage:
    return LetterStorage()
