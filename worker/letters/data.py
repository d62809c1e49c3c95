"""The data a letter shows, frozen. The only module here that knows the models."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LineData:
    description: str
    requested_cents: int
    granted_cents: int | None
    reason_code: str = ""


@dataclass(frozen=True)
class LetterData:
    kind: str
    language: str
    letter_reference: str
    case_reference: str
    letter_date: date
    addressee_name: str
    address_lines: tuple[str, ...]
    body_name: str
    body_postal_address: str
    deciding_organ: str
    contact_line: str
    scheme_version: str
    outcome: str
    lines: tuple[LineData, ...]
    motivation: str
    conditions: str = ""
    author: str = ""

    @property
    def requested_total_cents(self) -> int:
        return sum(line.requested_cents for line in self.lines)

    @property
    def granted_total_cents(self) -> int:
        return sum(line.granted_cents or 0 for line in self.lines)

    @classmethod
    def from_letter(cls, letter) -> "LetterData":
        application = letter.application
        body = application.organisation
        applicant = application.applicant
        return cls(
            kind=letter.kind,
            language=letter.language,
            letter_reference=letter.reference,
            case_reference=application.reference,
            letter_date=letter.created_at.date(),
            addressee_name=applicant.get_full_name() or applicant.email,
            address_lines=tuple(
                part
                for part in (application.address_line, f"{application.postcode}  {application.city}".strip())
                if part
            ),
            body_name=body.name,
            body_postal_address=body.postal_address,
            deciding_organ=body.deciding_organ,
            contact_line=" · ".join(part for part in (body.contact_phone, body.contact_email) if part),
            scheme_version=application.scheme_version,
            outcome=application.outcome,
            lines=tuple(
                LineData(
                    description=line.description or line.get_measure_display(),
                    requested_cents=line.requested_cents,
                    granted_cents=line.granted_cents,
                    reason_code=line.reason_code,
                )
                for line in application.lines.all()
            ),
            motivation=application.motivation,
            conditions=application.conditions,
        )
