"""Factories for every model. One Trait per workflow state, so a test names the state it starts in."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from regeling.accounts.models import BodyKind, Office, Organisation, User, UserKind
from regeling.applications import services
from regeling.applications.models import Application, InformationRequest, MeasureLine
from regeling.applications.states import Outcome, Status
from regeling.letters import outbox
from regeling.letters.models import Letter, LetterKind
from regeling.schemes.versions import Measure, SchemeVersion


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Gemeente Test{n}")
    kind = BodyKind.MUNICIPALITY
    province = "Utrecht"
    deciding_organ = factory.LazyAttribute(lambda o: f"het college van burgemeester en wethouders van {o.name}")
    postal_address = "Postbus 1, 3500 AA Utrecht"
    contact_phone = "14 030"
    contact_email = "veiligwonen@example.nl"
    # Every body has a budget for this year, as seed_demo gives it; tests about budgets set their own.
    budget = factory.RelatedFactory("tests.factories.BudgetFactory", factory_related_name="organisation")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nl")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Jansen{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficeholderFactory(UserFactory):
    kind = UserKind.OFFICEHOLDER
    organisation = factory.SubFactory(OrganisationFactory)
    office = Office.ALDERMAN
    appointment_certain_on = date(2022, 4, 1)
    term_ends_on = date(2030, 4, 1)


class AssessorFactory(UserFactory):
    kind = UserKind.ASSESSOR
    first_name = "Bea"
    organisation = factory.SubFactory(OrganisationFactory)


class CoordinatorFactory(AssessorFactory):
    """An assessor who also sets the body's budget and assigns cases."""

    kind = UserKind.COORDINATOR
    first_name = "Cor"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    applicant = factory.SubFactory(OfficeholderFactory)
    organisation = factory.LazyAttribute(lambda a: a.applicant.organisation)
    office = factory.LazyAttribute(lambda a: a.applicant.office)
    scheme_version = SchemeVersion.TAILORED_ADVICE
    address_line = "Lindelaan 12"
    postcode = "3511 AB"
    city = "Utrecht"
    is_main_residence = True
    in_body_territory = True
    iban = "NL91ABNA0417164300"
    account_holder = factory.LazyAttribute(lambda a: a.applicant.get_full_name())
    declared_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def lines(obj, create, extracted, **kwargs):
        if not create:
            return
        amounts = extracted if extracted is not None else [45_000]
        for position, cents in enumerate(amounts, start=1):
            MeasureLine.objects.create(
                application=obj,
                position=position,
                measure=Measure.ADVICE_LINE,
                description=f"Maatregel {position}",
                requested_cents=cents,
            )

    class Params:
        submitted = factory.Trait(
            status=Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            received_on=factory.LazyFunction(timezone.localdate),
        )
        in_assessment = factory.Trait(submitted=True, status=Status.ASSESSMENT)
        with_reasoning = factory.Trait(outcome=Outcome.GRANT, motivation="Het advies schrijft deze maatregelen voor.")


class BudgetFactory(factory.django.DjangoModelFactory):
    """A roomy budget for the current year. Every body gets one; a test about budgets updates it."""

    class Meta:
        model = "budgets.Budget"
        django_get_or_create = ["organisation", "year"]

    organisation = factory.SubFactory(OrganisationFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    budget_cents = 100_000_000


class DocumentFactory(factory.django.DjangoModelFactory):
    """An uploaded quote (a tiny PDF in private storage) on a case, uploaded by its applicant."""

    class Meta:
        model = "applications.Document"

    application = factory.SubFactory(ApplicationFactory)
    kind = "quote"
    file = factory.django.FileField(filename="quote.pdf", data=b"%PDF-1.4 quote")
    display_name = "offerte.pdf"
    content_type = "application/pdf"
    size = 14
    sha256 = "0" * 64
    uploaded_by = factory.LazyAttribute(lambda document: document.application.applicant)


class LetterFactory(factory.django.DjangoModelFactory):
    """A letter row written the way the system writes it: by the outbox service (pending;
    its rendering is queued after commit). Default: a decision letter on a case in assessment."""

    class Meta:
        model = Letter

    application = factory.SubFactory(ApplicationFactory, in_assessment=True)
    kind = LetterKind.DECISION
    author = None

    @classmethod
    def _create(cls, model_class, *, application, kind, author=None, **kwargs):
        return outbox.issue_letter(application, kind, author=author, **kwargs)


class InformationRequestFactory(factory.django.DjangoModelFactory):
    """An open request for information, made by an assessor through the service (the case moves
    to info_requested, its term is suspended and the request letter is written)."""

    class Meta:
        model = InformationRequest

    application = factory.SubFactory(ApplicationFactory, submitted=True)
    requested_by = factory.LazyAttribute(lambda request: AssessorFactory(organisation=request.application.organisation))
    message = "Stuur het beveiligingsadvies mee."
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))

    @classmethod
    def _create(cls, model_class, *, application, requested_by, message, deadline, **kwargs):
        services.start_completeness_check(application.pk, by=requested_by)
        services.request_information(application.pk, by=requested_by, message=message, deadline=deadline)
        return InformationRequest.objects.get(application=application, completed_on__isnull=True)


def settled_case(body, assessor, amounts=(40_000,), **fields):
    """A case taken through decision, invoices and settlement by the real services."""
    application = ApplicationFactory(
        applicant=OfficeholderFactory(organisation=body), in_assessment=True, lines=list(amounts), **fields
    )
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Advies")
    services.submit_settlement(
        application.pk,
        by=application.applicant,
        invoiced={line.pk: line.granted_cents for line in application.lines.all()},
    )
    services.settle_application(application.pk, by=assessor)
    application.refresh_from_db()
    return application
