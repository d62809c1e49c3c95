"""The numbered steps of an application and how each one saves its draft.

A step binds its forms to the draft, validates them and saves them. "Save and
continue later" keeps every field that is valid, so nothing typed correctly is
lost. `problems` says which steps still lack something before the applicant
may declare and submit.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regeling.audit import log as audit
from regeling.core.forms import error_list
from regeling.schemes.versions import SchemeVersion

from . import forms, services
from .models import DocumentKind, MeasureLine

TITLES = {
    1: _("Personal details and office"),
    2: _("Residence"),
    3: _("Measures"),
    4: _("Documents"),
    5: _("Bank account"),
    6: _("Check and declare"),
}
LAST = max(TITLES)
BLANK_ADVICE_ROWS = 3


class Step:
    number: int
    template: str

    def __init__(self, application, user, data=None, files=None):
        self.application, self.user, self.data, self.files = application, user, data, files
        self.forms = self.build()

    @property
    def title(self):
        return TITLES[self.number]

    def build(self) -> dict:
        return {}

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.forms.values()])

    def save(self) -> None:
        """Save a valid step."""
        for form in self.forms.values():
            if hasattr(form, "save"):
                form.save()

    def save_partial(self) -> None:
        """Keep what is valid of an incomplete step (model fields only)."""
        for form in self.forms.values():
            if isinstance(form, forms.forms.ModelForm):
                form.is_valid()
                valid = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
                for name, value in valid.items():
                    if name in form._meta.fields:
                        setattr(self.application, name, value)
        self.application.save()

    def context(self) -> dict:
        return dict(self.forms)

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for every error, for the summary at the top of the step."""
        return error_list(*self.forms.values())


class PersonalStep(Step):
    number, template = 1, "applications/steps/personal.html"

    def build(self):
        return {"form": forms.ProfileCheckForm(self.data, user=self.user)}

    def save(self):
        # The office and body are taken from the profile at this moment.
        self.application.office = self.user.office
        self.application.save(update_fields=["office", "updated_at"])

    def save_partial(self):
        pass


class ResidenceStep(Step):
    number, template = 2, "applications/steps/residence.html"

    def build(self):
        return {"form": forms.ResidenceForm(self.data, instance=self.application)}


class MeasuresStep(Step):
    number, template = 3, "applications/steps/measures.html"

    @property
    def is_package(self) -> bool:
        return self.application.scheme_version == SchemeVersion.BASIC_PACKAGE

    def build(self):
        lines = list(self.application.lines.all())
        if self.is_package:
            initial = {line.measure: _euros_text(line.requested_cents) for line in lines}
            return {"form": forms.PackageForm(self.data, initial=initial)}
        rows = [{"description": line.description, "amount": _euros_text(line.requested_cents)} for line in lines]
        rows += [{}] * BLANK_ADVICE_ROWS
        data = self.data
        if data is not None and "add_row" in data:
            # The no-JavaScript "add a row": post back with one more blank row.
            # A count that is not a number is left as posted: the formset refuses it with a form error.
            total = data.get("lines-TOTAL_FORMS") or "0"
            if total.isdecimal():
                data = data.copy()
                data["lines-TOTAL_FORMS"] = str(int(total) + 1)
        return {
            "form": forms.AdviceForm(data, instance=self.application),
            "lines": forms.AdviceLineFormSet(data, initial=rows, prefix="lines"),
        }

    def chosen(self) -> list[tuple[str, str, int]]:
        return (self.forms["form"] if self.is_package else self.forms["lines"]).chosen()

    @transaction.atomic
    def save(self):
        if not self.is_package:
            self.forms["form"].save()
        self._save_lines()

    def _save_lines(self):
        self.application.lines.all().delete()
        MeasureLine.objects.bulk_create(
            MeasureLine(
                application=self.application,
                position=position,
                measure=measure,
                description=text,
                requested_cents=cents,
            )
            for position, (measure, text, cents) in enumerate(self.chosen(), start=1)
        )

    def save_partial(self):
        super().save_partial()
        # The advice's reference and date are kept above as far as they are valid; an invalid one
        # must not stop valid measures from being kept (nor raise: the form is not saved again).
        lines = self.forms["form"] if self.is_package else self.forms["lines"]
        if lines.is_valid():
            with transaction.atomic():
                self._save_lines()


class DocumentsStep(Step):
    number, template = 4, "applications/steps/documents.html"

    @property
    def required_kind(self):
        if self.application.scheme_version == SchemeVersion.BASIC_PACKAGE:
            return DocumentKind.PKVW_CERTIFICATE
        return DocumentKind.SECURITY_ADVICE

    def build(self):
        built = {}
        if self.application.scheme_version == SchemeVersion.BASIC_PACKAGE:
            built["form"] = forms.CertificateForm(self.data, instance=self.application)
        return built

    def is_valid(self):
        valid = super().is_valid()
        self.missing = self.required_kind if not self.has(self.required_kind) else None
        return valid and self.missing is None

    def has(self, kind) -> bool:
        return self.application.documents.filter(kind=kind).exists()

    def upload_form(self, data=None, files=None):
        return forms.UploadForm(
            data, files, kinds=forms.DOCUMENT_KINDS_BY_VERSION[self.application.scheme_version], prefix="upload"
        )

    def context(self):
        return {
            **self.forms,
            "upload_form": self.upload_form(),
            "documents": self.application.documents.filter(information_request__isnull=True),
            "required_kind": self.required_kind,
            "missing": getattr(self, "missing", None),
        }


class BankStep(Step):
    number, template = 5, "applications/steps/bank.html"

    def build(self):
        return {"form": forms.BankForm(self.data, instance=self.application)}


class DeclarationStep(Step):
    number, template = 6, "applications/steps/declaration.html"

    def build(self):
        return {"form": forms.DeclarationForm(self.data)}

    def is_valid(self):
        return super().is_valid() and not problems(self.application)

    def save(self):
        """Declare and submit in one transaction: a refused submission leaves no declaration behind."""
        with transaction.atomic():
            self.application.declared_at = timezone.now()
            self.application.save(update_fields=["declared_at", "updated_at"])
            audit.record("application.declare", actor=self.user, obj=self.application)
            services.submit_application(self.application.pk, by=self.user)

    def save_partial(self):
        pass

    def context(self):
        return {**self.forms, "problems": problems(self.application), "documents": self.application.documents.all()}


STEPS = {
    step.number: step for step in (PersonalStep, ResidenceStep, MeasuresStep, DocumentsStep, BankStep, DeclarationStep)
}


def problems(application) -> list[tuple[int, str]]:
    """What still keeps the draft from being submitted, as (step, plain sentence)."""
    found = []
    if not application.office:
        found.append((1, _("Confirm your personal details and office.")))
    if not (application.address_line and application.postcode and application.city) or (
        application.is_main_residence is None or application.in_body_territory is None
    ):
        found.append((2, _("Fill in the address of your home and answer the questions about it.")))
    is_package = application.scheme_version == SchemeVersion.BASIC_PACKAGE
    if not application.lines.exists():
        found.append((3, _("Fill in at least one measure with its amount.")))
    if not is_package and not (application.advice_reference and application.advice_adopted_on):
        found.append((3, _("Fill in the reference and date of your security advice.")))
    required = DocumentsStep(application, None).required_kind
    if not application.documents.filter(kind=required).exists():
        found.append((4, _("Upload the %(document)s.") % {"document": required.label}))
    if is_package and not (application.pkvw_certificate_number and application.pkvw_valid_until):
        found.append((4, _("Fill in the number and end date of your certificate.")))
    if not (application.iban and application.account_holder):
        found.append((5, _("Fill in your bank account.")))
    return found


def progress(application, current: int) -> list[dict]:
    """The progress indicator: every step, whether it can be opened, and which one is current."""
    return [
        {"number": number, "title": title, "current": number == current, "reachable": number <= application.draft_step}
        for number, title in TITLES.items()
    ]


def _euros_text(cents: int) -> str:
    whole, rest = divmod(cents, 100)
    return f"{whole},{rest:02d}"
