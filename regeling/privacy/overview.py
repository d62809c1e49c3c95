"""Right of access (AVG art. 15) as a page to read: what the system holds about the person,
with plain labels, beside the complete download (export.py).

The page shows the facts a person recognises (their account, and per application the
address, bank account, measures, files, letters and what happened); long texts they wrote
themselves (answers, views, grounds of objection) are counted here and given in full in the
download. The bank account and the BSN are shown masked, as everywhere on screen.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from regeling.applications.models import Application
from regeling.applications.states import APPLICANT_LABELS
from regeling.audit.models import AuditEvent
from regeling.core.money import format_euros
from regeling.review.casefile import mask_iban


@dataclass
class Section:
    heading: str
    facts: list[tuple[str, object]] = field(default_factory=list)  # (plain label, value as text)
    lists: list[tuple[str, list[str]]] = field(default_factory=list)  # (plain label, items)


def _day(moment) -> str:
    if not moment:
        return ""
    return date_format(timezone.localdate(moment) if hasattr(moment, "tzinfo") else moment, "j F Y")


def _yes_no(value) -> str:
    return "" if value is None else str(_("yes") if value else _("no"))


def _keep(facts) -> list[tuple[str, object]]:
    """Only the facts that hold something: an empty field is not data about the person."""
    return [(label, value) for label, value in facts if value not in ("", None)]


def account_section(user) -> Section:
    return Section(
        _("Your account"),
        _keep(
            [
                (_("Name"), user.get_full_name()),
                (_("E-mail address"), user.email),
                (_("Phone number"), user.phone),
                (_("Employer body"), str(user.body) if user.body_id else ""),
                (_("Office"), user.get_office_display()),
                (_("Appointment certain on"), _day(user.appointment_certain_on)),
                (_("Term ends on"), _day(user.term_ends_on)),
                (_("Language for letters and e-mails"), user.get_preferred_language_display()),
                (_("Citizen service number (BSN)"), user.bsn_masked),
                (_("Account made on"), _day(user.date_joined)),
                (_("Last signed in"), _day(user.last_login)),
            ]
        ),
    )


def application_section(application) -> Section:
    home = " ".join(part for part in (application.postcode, application.city) if part)
    lines = list(application.lines.all())
    section = Section(
        _("Application %(reference)s") % {"reference": application.reference},
        _keep(
            [
                (_("Where it stands"), APPLICANT_LABELS[application.status]),
                (_("Started on"), _day(application.created_at)),
                (_("Sent on"), _day(application.submitted_at)),
                (_("Version of the scheme"), application.get_scheme_version_display()),
                (_("Your office"), application.get_office_display()),
                (_("Home address"), ", ".join(part for part in (application.address_line, home) if part)),
                (_("Main residence"), _yes_no(application.is_main_residence)),
                (_("Home in the territory of your body"), _yes_no(application.in_body_territory)),
                (_("Security advice"), application.advice_reference),
                (_("Security advice adopted on"), _day(application.advice_adopted_on)),
                (_("PKVW certificate"), application.pkvw_certificate_number),
                (_("Bank account (IBAN)"), mask_iban(application.iban) if application.iban else ""),
                (_("Account holder"), application.account_holder),
                (_("Declared true and complete on"), _day(application.declared_at)),
            ]
        ),
    )
    section.lists = [
        (
            _("Measures"),
            [
                f"{line.description or line.get_measure_display()}: {format_euros(line.requested_cents)}"
                for line in lines
            ],
        ),
        (_("Files you uploaded"), [document.display_name for document in application.documents.all()]),
        (
            _("Letters"),
            [
                f"{letter.get_kind_display()} ({_day(letter.sent_at)})"
                for letter in application.letters.all()
                if letter.sent_at
            ],
        ),
    ]
    section.lists = [(label, items) for label, items in section.lists if items]
    written = sum(
        (
            application.information_requests.exclude(answer="").count(),
            1 if application.views_text else 0,
            application.objections.count(),
        )
    )
    if written:
        section.facts.append((_("Texts you wrote (answers, views, objections)"), written))
    return section


def overview(user) -> list[Section]:
    """The sections of the page: the account, then each application, newest first."""
    applications = Application.objects.filter(applicant=user).order_by("-created_at")
    sections = [account_section(user), *(application_section(application) for application in applications)]
    sections.append(
        Section(
            _("What the log holds about your actions"),
            [(_("Recorded actions (signing in, sending, downloading)"), AuditEvent.objects.filter(actor=user).count())],
        )
    )
    return sections
