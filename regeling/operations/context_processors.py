"""The enums templates compare against, in every page's context: `{% if letter.status == LetterStatus.FAILED %}`
rather than a string that silently stops matching when a value is renamed (Django's choices are never called
in a template). Here, on top of the layers, because it names the enums of many apps. A letter renders
without a request: its templates get their enums from regeling/applications/lettertexts.py (ENUMS)."""

from regeling.accounts.models import UserKind, VouchedFact
from regeling.applications.states import Outcome, Status
from regeling.earlier.models import ImportStatus
from regeling.letters.models import LetterKind, LetterStatus
from regeling.objections.states import ObjectionStatus
from regeling.payments.models import BatchStatus
from regeling.schemes.versions import SchemeVersion

ENUMS = {
    enum.__name__: enum
    for enum in (
        BatchStatus,
        ImportStatus,
        LetterKind,
        LetterStatus,
        ObjectionStatus,
        Outcome,
        SchemeVersion,
        Status,
        UserKind,
        VouchedFact,
    )
}


def enums(request) -> dict:
    return ENUMS
