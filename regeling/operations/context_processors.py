"""The enums templates compare against, in every page's context: `{% if letter.status == LetterStatus.FAILED %}`
rather than a string that silently stops matching when a value is renamed (Django's choices are never called
in a template). Here, on top of the layers, because it names the enums of many apps."""

from regeling.accounts.models import UserKind
from regeling.applications.states import Status
from regeling.earlier.models import ImportStatus
from regeling.letters.models import LetterKind, LetterStatus
from regeling.objections.states import ObjectionStatus
from regeling.payments.models import BatchStatus

ENUMS = {
    enum.__name__: enum
    for enum in (BatchStatus, ImportStatus, LetterKind, LetterStatus, ObjectionStatus, Status, UserKind)
}


def enums(request) -> dict:
    return ENUMS
