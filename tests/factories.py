"""Factories for every model. One Trait per workflow state, so a test names the state it starts in."""

from datetime import date, timedelta

import factory
from django.db import models
from django.utils import timezone

from regeling.accounts.models import Body, BodyKind, Office, User, UserKind
from regeling.applications import services
from regeling.applications.models import Application, InformationRequest, MeasureLine
from regeling.applications.states import Outcome, Status
from regeling.letters import outbox
from regeling.letters.models import Letter, LetterKind
from regeling.objections import services as objection_services
from regeling.objections.models import Objection
from regeling.objections.states import HearingSkip, ObjectionOutcome, ObjectionStatus
from regeling.schemes.versions import Measure, SchemeVersion


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
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
    budget = factory.RelatedFactory("tests.factories.BudgetFactory", factory_related_name="body")


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
    body = factory.SubFactory(BodyFactory)
    office = Office.ALDERMAN
    appointment_certain_on = date(2022, 4, 1)
    term_ends_on = date(2030, 4, 1)


class AssessorFactory(UserFactory):
    kind = UserKind.ASSESSOR
    first_name = "Bea"
    body = factory.SubFactory(BodyFactory)


class CoordinatorFactory(AssessorFactory):
    """An assessor who also sets the body's budget and assigns cases."""

    kind = UserKind.COORDINATOR
    first_name = "Cor"


# The dates on a case that its steps set (received, decided, paid...).
DATED_FIELDS = [
    field.name
    for field in Application._meta.get_fields()
    if isinstance(field, (models.DateField, models.DateTimeField)) and field.name not in ("created_at", "updated_at")
]
# ApplicationFactory's parameters for `walk_to` (not fields of the model), by walk_to's argument names.
WALK_PARAMS = {"state": "state", "handled_by": "by", "approver": "approver", "decision": "outcome", "grant": "grant"}


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    applicant = factory.SubFactory(OfficeholderFactory)
    body = factory.LazyAttribute(lambda a: a.applicant.body)
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
        for position, line in enumerate(amounts, start=1):
            # A line is its requested cents, or a dict of MeasureLine fields (a package measure, say).
            fields = line if isinstance(line, dict) else {"requested_cents": line}
            MeasureLine.objects.create(
                application=obj,
                position=position,
                **{"measure": Measure.ADVICE_LINE, "description": f"Maatregel {position}", **fields},
            )
        if obj.scheme_version == SchemeVersion.TAILORED_ADVICE and not obj.advice_contents and amounts:
            # Version B: the adopted advice lists the requested measures (the advice decides, Regeling 2.9(3)).
            obj.advice_contents = "\n".join(line.description for line in obj.lines.all() if line.description)
            obj.save(update_fields=["advice_contents"])

    @factory.post_generation
    def walk(obj, create, extracted, **kwargs):
        """Take the new draft to its `state` by the real services (`walk_to`), after its lines exist."""
        if create and obj.factory_walk["state"] not in (None, Status.DRAFT):
            walk_to(obj, **obj.factory_walk)

    # Where the case is taken (`state`), by whom (`handled_by`, `approver`: assessors of the body, made
    # when not given) and with which decision (`decision`: a grant unless a refusal is asked for).
    state = None
    handled_by = None
    approver = None
    decision = None
    grant = None  # cents granted per line, in order (a partial grant); the full request when not given

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if "status" in kwargs:
            raise TypeError("Give state=… (the factory walks there by the services), never status=….")
        walk = {name: kwargs.pop(param) for param, name in WALK_PARAMS.items()}
        # Dates a test gives (received 20 weeks ago, decided last month) are written back after the walk,
        # which runs today: as if each step had happened then.
        walk["dated"] = {name: kwargs[name] for name in DATED_FIELDS if name in kwargs}
        application = super()._create(model_class, *args, **kwargs)
        application.factory_walk = walk
        return application

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        for param in WALK_PARAMS:
            kwargs.pop(param)
        return super()._build(model_class, *args, **kwargs)

    class Params:
        # One trait per workflow state: `ApplicationFactory(decided=True)` is `state=Status.DECIDED`.
        submitted = factory.Trait(state=Status.SUBMITTED)
        completeness_check = factory.Trait(state=Status.COMPLETENESS_CHECK)
        info_requested = factory.Trait(state=Status.INFO_REQUESTED)
        not_processed = factory.Trait(state=Status.NOT_PROCESSED)
        in_assessment = factory.Trait(state=Status.ASSESSMENT)
        views_requested = factory.Trait(state=Status.VIEWS_REQUESTED)
        awaiting_approval = factory.Trait(state=Status.AWAITING_APPROVAL)
        decided = factory.Trait(state=Status.DECIDED)
        objection_lodged = factory.Trait(state=Status.OBJECTION_LODGED)
        objection_decided = factory.Trait(state=Status.OBJECTION_DECIDED)
        settlement_submitted = factory.Trait(state=Status.SETTLEMENT_SUBMITTED)
        settlement_views_requested = factory.Trait(state=Status.SETTLEMENT_VIEWS_REQUESTED)
        settled = factory.Trait(state=Status.SETTLED)
        paid = factory.Trait(state=Status.PAID)
        closed = factory.Trait(state=Status.CLOSED)
        withdrawn = factory.Trait(state=Status.WITHDRAWN)
        with_reasoning = factory.Trait(outcome=Outcome.GRANT, motivation="Het advies schrijft deze maatregelen voor.")


MOTIVATION = "De maatregelen staan in het vastgestelde beveiligingsadvies."
# A refusal on the applicant's own facts needs no views first (Awb 4:7(1)): the shortest way to a refusal.
NO_VIEWS_NEEDED = {"views_exception": "4:7(1)", "views_not_needed_reason": "De feiten staan niet ter discussie."}


def walk_to(application, state, *, by=None, approver=None, outcome=None, grant=None, dated=None):
    """Take a draft to `state` the way the portals do: every step by its service, as its own user.

    Each step writes what the system writes (receipt and decision letters, history rows, audit
    events, budget commitments). `by` handles the case (an assessor of the body by default),
    `approver` takes the second look. `grant` lists the cents granted per line (a reason is given for
    each line granted below its request). `dated` (field: value) is written back afterwards: time travel.
    Before a decision the outcome is a grant unless a refusal is
    asked for or needed (awaiting approval below the four-eyes amount, views requested).
    """
    applicant = application.applicant
    if state == Status.OBJECTION_DECIDED:
        outcome = Outcome.REFUSE  # a refusal made good on objection
    elif state == Status.AWAITING_APPROVAL and outcome is None and not grant:
        outcome = Outcome.REFUSE  # below the four-eyes amount only a (partial) refusal waits for a second look

    def handler():
        nonlocal by
        by = by or AssessorFactory(body=application.body)
        return by

    def second():
        nonlocal approver
        approver = approver or AssessorFactory(body=application.body)
        return approver

    def decide():
        decision = outcome or Outcome.GRANT
        facts = NO_VIEWS_NEEDED if decision != Outcome.GRANT else {}
        lines = application.lines.order_by("position")
        granted = {
            line.pk: (cents, "" if cents == line.requested_cents else "not_in_advice")
            for line, cents in zip(lines, grant or (), strict=False)
        }
        # Version B: a line granted below its request departs from the advice it is linked to (Awb 3:50).
        links = {pk: (None, "De offerte gaat verder dan het advies.") for pk in granted}
        return services.decide_application(
            application.pk, by=handler(), outcome=decision, motivation=MOTIVATION, granted=granted, links=links, **facts
        )

    def step(target):
        """Take the case to `target`; return the application as it stands after it."""
        if target == Status.SUBMITTED:
            return services.submit_application(application.pk, by=applicant)
        if target == Status.COMPLETENESS_CHECK:
            step(Status.SUBMITTED)
            return services.start_completeness_check(application.pk, by=handler())
        if target == Status.ASSESSMENT:
            step(Status.COMPLETENESS_CHECK)
            return services.start_assessment(application.pk, by=handler())
        if target == Status.INFO_REQUESTED:
            step(Status.COMPLETENESS_CHECK)
            deadline = timezone.localdate() + timedelta(days=14)
            message = "Stuur het beveiligingsadvies mee."
            return services.request_information(application.pk, by=handler(), message=message, deadline=deadline)
        if target == Status.NOT_PROCESSED:
            step(Status.INFO_REQUESTED)
            # Time passes: the request was made 15 days ago and its deadline lapsed unused yesterday (Awb 4:5).
            today = timezone.localdate()
            InformationRequest.objects.filter(application=application, completed_on__isnull=True).update(
                requested_on=today - timedelta(days=15), deadline=today - timedelta(days=1)
            )
            motivation = "De gevraagde gegevens kwamen niet binnen de termijn."
            return services.declare_not_processed(application.pk, by=handler(), motivation=motivation)
        if target == Status.VIEWS_REQUESTED:
            step(Status.ASSESSMENT)
            intended = outcome if outcome in (Outcome.PARTIAL, Outcome.REFUSE) else Outcome.REFUSE
            return services.request_views(application.pk, by=handler(), outcome=intended, motivation=MOTIVATION)
        if target == Status.AWAITING_APPROVAL:
            step(Status.ASSESSMENT)
            return decide()
        if target == Status.DECIDED:
            step(Status.ASSESSMENT)
            decided = decide()
            if decided.status == Status.AWAITING_APPROVAL:
                decided = services.approve_decision(application.pk, by=second())
            return decided
        if target == Status.OBJECTION_LODGED:
            step(Status.DECIDED)
            ObjectionFactory._lodge(application, applicant)
            return Application.objects.get(pk=application.pk)
        if target == Status.OBJECTION_DECIDED:
            # A refusal made good on objection (founded): the case goes on from "objection decided".
            step(Status.DECIDED)
            objection = ObjectionFactory._lodge(application, applicant)
            ObjectionFactory._decide_founded(objection)
            return Application.objects.get(pk=application.pk)
        if target == Status.SETTLEMENT_SUBMITTED:
            decided = step(Status.DECIDED)
            invoiced = {line.pk: line.granted_cents for line in decided.lines.all() if line.granted_cents}
            return services.submit_settlement(application.pk, by=applicant, **invoices(invoiced))
        if target == Status.SETTLEMENT_VIEWS_REQUESTED:
            # An intended settlement below the invoice, with its reason per line (Awb 3:46, 4:8).
            submitted = step(Status.SETTLEMENT_SUBMITTED)
            lower = {line.pk: line.invoiced_cents // 2 for line in submitted.lines.all() if line.invoiced_cents}
            reasons = dict.fromkeys(lower, "De factuur bevat ook werk dat niet is toegekend.")
            return services.request_settlement_views(application.pk, by=handler(), settled=lower, reasons=reasons)
        if target == Status.SETTLED:
            step(Status.SETTLEMENT_SUBMITTED)
            return services.settle_application(application.pk, by=handler())
        if target == Status.PAID:
            step(Status.SETTLED)
            return services.mark_paid(application.pk, by=handler())
        if target == Status.CLOSED:
            step(Status.PAID)
            return services.close_application(application.pk, by=handler())
        if target == Status.WITHDRAWN:
            step(Status.SUBMITTED)
            return services.withdraw_application(application.pk, by=applicant, reason="Niet meer nodig.")
        raise ValueError(f"No way to {target!r} is written here: add it to walk_to.")

    step(state)
    application.refresh_from_db()
    if dated:
        for name, value in dated.items():
            setattr(application, name, value)
        application.save(update_fields=list(dated))  # the model recomputes its due date
    return application


class BudgetFactory(factory.django.DjangoModelFactory):
    """A roomy budget for the current year. Every body gets one; a test about budgets updates it."""

    class Meta:
        model = "budgets.Budget"
        django_get_or_create = ["body", "year"]

    body = factory.SubFactory(BodyFactory)
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
    requested_by = factory.LazyAttribute(lambda request: AssessorFactory(body=request.application.body))
    message = "Stuur het beveiligingsadvies mee."
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))

    @classmethod
    def _create(cls, model_class, *, application, requested_by, message, deadline, **kwargs):
        services.start_completeness_check(application.pk, by=requested_by)
        services.request_information(application.pk, by=requested_by, message=message, deadline=deadline)
        return InformationRequest.objects.get(application=application, completed_on__isnull=True)


class ObjectionFactory(factory.django.DjangoModelFactory):
    """An objection lodged in the portal by the applicant against a refusal (four eyes), then taken to
    `state` by the real services, each step by an assessor who took no part in the decision (Awb 10:3(3)):
    `ObjectionFactory(in_consideration=True)`. `handler` and `approver` may be given."""

    class Meta:
        model = Objection

    application = factory.SubFactory(ApplicationFactory, decided=True, decision=Outcome.REFUSE)
    state = ObjectionStatus.RECEIVED
    handler = None
    approver = None

    class Params:
        received = factory.Trait(state=ObjectionStatus.RECEIVED)
        repair_requested = factory.Trait(state=ObjectionStatus.REPAIR_REQUESTED)
        hearing_scheduled = factory.Trait(state=ObjectionStatus.HEARING_SCHEDULED)
        in_consideration = factory.Trait(state=ObjectionStatus.IN_CONSIDERATION)
        awaiting_approval = factory.Trait(state=ObjectionStatus.AWAITING_APPROVAL)
        decided = factory.Trait(state=ObjectionStatus.DECIDED)
        withdrawn = factory.Trait(state=ObjectionStatus.WITHDRAWN)

    @classmethod
    def _create(cls, model_class, *, application, state, handler=None, approver=None):
        objection = cls._lodge(application, application.applicant)
        body = application.body
        handler = handler or AssessorFactory(body=body)
        S = ObjectionStatus
        if state == S.REPAIR_REQUESTED:
            deadline = timezone.localdate() + timedelta(days=14)
            objection_services.request_repair(
                objection.pk, by=handler, message="Onderteken het bezwaar.", deadline=deadline
            )
        elif state == S.HEARING_SCHEDULED:
            at = timezone.now() + timedelta(days=10)
            objection_services.invite_to_hearing(objection.pk, by=handler, at=at, place="Stadhuis, kamer 2")
        elif state in (S.IN_CONSIDERATION, S.AWAITING_APPROVAL, S.DECIDED):
            objection_services.skip_hearing(objection.pk, by=handler, reason=HearingSkip.WAIVED, note="Afgezien.")
            if state == S.AWAITING_APPROVAL:
                # Founded in part: the refusal is lowered but not made good, so a second approver looks (four eyes).
                cls._decide(
                    objection, handler, ObjectionOutcome.FOUNDED_IN_PART, cents=lambda line: line.requested_cents // 2
                )
            elif state == S.DECIDED:
                cls._decide(objection, handler, ObjectionOutcome.UNFOUNDED)
        elif state == S.WITHDRAWN:
            objection_services.withdraw_objection(objection.pk, by=application.applicant)
        elif state != S.RECEIVED:
            raise ValueError(f"No way to {state!r} is written here: add it to ObjectionFactory.")
        objection.refresh_from_db()
        return objection

    @staticmethod
    def _lodge(application, objector):
        return objection_services.lodge_objection(
            application.pk, by=objector, grounds="Ik ben het niet eens met het besluit."
        )

    @staticmethod
    def _decide(objection, handler, outcome, cents=None):
        revised = {line.pk: (cents(line), "Herzien.") for line in objection.application.lines.all()} if cents else {}
        objection_services.decide_objection(
            objection.pk,
            by=handler,
            outcome=outcome,
            motivation=MOTIVATION,
            grounds=[("Het besluit klopt niet.", "Wij hebben het besluit opnieuw bekeken.")],
            revised=revised,
        )

    @classmethod
    def _decide_founded(cls, objection):
        """Founded in full: every line granted as requested, by an independent handler (and approver if needed)."""
        body = objection.application.body
        handler = AssessorFactory(body=body)
        objection_services.skip_hearing(objection.pk, by=handler, reason=HearingSkip.WAIVED, note="Afgezien.")
        cls._decide(objection, handler, ObjectionOutcome.FOUNDED, cents=lambda line: line.requested_cents)
        objection.refresh_from_db()
        if objection.status == ObjectionStatus.AWAITING_APPROVAL:
            objection_services.approve_objection_decision(objection.pk, by=AssessorFactory(body=body))


def invoices(amounts: dict[int, int], on: date | None = None) -> dict:
    """The keyword arguments of `services.submit_settlement`: these invoiced amounts, each invoice dated today."""
    return {"invoiced": amounts, "invoice_dates": dict.fromkeys(amounts, on or timezone.localdate())}


def settled_case(body, assessor, amounts=(40_000,), **fields):
    """A case taken through decision, invoices and settlement by the real services."""
    application = ApplicationFactory(
        applicant=OfficeholderFactory(body=body), in_assessment=True, lines=list(amounts), **fields
    )
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Advies")
    services.submit_settlement(
        application.pk,
        by=application.applicant,
        **invoices({line.pk: line.granted_cents for line in application.lines.all()}),
    )
    services.settle_application(application.pk, by=assessor)
    application.refresh_from_db()
    return application
