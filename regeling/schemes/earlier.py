"""An earlier reimbursement for the same home, as the cap of version A counts it (pure, no database).

A grant decided in this system and a reimbursement taken over from a body's own
administration (the import of earlier reimbursements) count alike; the text says
where each came from, so the amount can be checked (Awb 3:46).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regeling.accounts.models import BodyKind
from regeling.core.money import format_euros


@dataclass(frozen=True)
class Earlier:
    cents: int
    on: date | None
    # The body kind whose administration it was taken over from; empty for a grant in this system.
    imported_from: str = ""
    # The case reference of a grant in this system.
    reference: str = ""

    def describe(self) -> str:
        """E.g. '€ 1.000,00 eerder vergoed voor deze woning (overgenomen uit de administratie
        van de gemeente, 12 maart 2022)'."""
        when = date_format(self.on, "j F Y") if self.on else "–"
        if self.imported_from:
            return _(
                "%(amount)s reimbursed earlier for this home (taken over from the records of the %(body)s, %(date)s)"
            ) % {"amount": format_euros(self.cents), "body": BodyKind(self.imported_from).label, "date": when}
        return _("%(amount)s reimbursed earlier for this home (%(reference)s, %(date)s)") % {
            "amount": format_euros(self.cents),
            "reference": self.reference,
            "date": when,
        }
