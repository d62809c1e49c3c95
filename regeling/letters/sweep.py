"""The sweep of letter files (regeling/letters/files.py): finish renames a crash interrupted,
delete files no letter row points to once they are older than a grace period."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from . import files
from .models import Letter

log = logging.getLogger(__name__)
# Far above a render's hard time limit (45 s): a younger `.part` may belong to a running render.
GRACE = timedelta(minutes=15)


@dataclass
class SweepReport:
    published: int = 0  # interrupted renames finished
    deleted: int = 0
    orphaned: int = 0  # no row points to them and older than the grace period (left when not deleting)
    young: int = 0  # no row points to them yet: a render may still be committing


def _referenced(names: list[str]) -> set[str]:
    finals = sorted({name.removesuffix(files.PART) for name in names})
    found: set[str] = set()
    for start in range(0, len(finals), 500):
        found.update(Letter.objects.filter(pdf__in=finals[start : start + 500]).values_list("pdf", flat=True))
    return found


def sweep_files(grace: timedelta = GRACE, *, delete: bool = True) -> SweepReport:
    """Finish interrupted renames; delete files no row points to once older than `grace`."""
    report = SweepReport()
    names = files.stored_names()
    referenced = _referenced(names)
    cutoff = timezone.now() - grace
    for name in names:
        final_name = name.removesuffix(files.PART)
        if final_name in referenced:
            if name.endswith(files.PART) and files.publish(name, final_name):
                report.published += 1
        elif default_storage.get_modified_time(name) > cutoff:
            report.young += 1
        elif delete:
            default_storage.delete(name)
            report.deleted += 1
            log.warning("letter file without a letter deleted: %s", name.rsplit("/", 1)[-1])
        else:
            report.orphaned += 1
    return report
