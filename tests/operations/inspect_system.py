"""Run in a restored system (`python -m tests.operations.inspect_system`): print, as JSON, what
the backup test compares with the original, read through the restored system itself rather
than through the restore command's own checks."""

import hashlib
import json
import os
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regeling.settings.base")
django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402

from regeling.applications.models import Application  # noqa: E402
from regeling.audit.chain import walk  # noqa: E402
from regeling.letters.models import Letter  # noqa: E402


def main() -> None:
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("regeling.")
    }
    letters = {}
    for letter in Letter.objects.exclude(pdf=""):
        stored = Path(settings.PRIVATE_ROOT) / letter.pdf.name
        letters[str(letter.public_id)] = [letter.sha256, hashlib.sha256(stored.read_bytes()).hexdigest()]
    chain = walk()
    addresses = sorted(Application.objects.exclude(address_line="").values_list("address_line", flat=True))
    print(
        json.dumps(
            {
                "counts": counts,
                "letters": letters,
                "audit": {"intact": chain.intact, "events": chain.checked, "head": chain.head_hash},
                "addresses": addresses,
            }
        )
    )


main()
