"""The applicant's case page and the actions that apply to the case now.

An action is shown, and accepted, only when the workflow offers it to this
applicant in the current state (`available_actions`); the services decide.
Documents sent with an action are checked before anything is stored, and are
stored in the same transaction as the action.
"""

import django_fsm as fsm
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from regeling.audit import log as audit
from regeling.letters.models import DECISION_KINDS, LetterStatus

from . import caseforms, services, uploads
from .access import own_application_or_404
from .forms import posted
from .models import DocumentKind
from .money import money_as_it_develops, settlement_is_known
from .states import APPLICANT_LABELS, Status

# Action name -> the workflow transition it takes.
ACTIONS = {
    "answer": "complete_information",
    "views": "receive_views",
    "withdraw": "withdraw",
    "objection": "lodge_objection",  # the page itself is regeling.objections.portal
    "settlement": "submit_settlement",
    "settlement_views": "receive_settlement_views",
}


def available_actions(application, user) -> set[str]:
    """The actions this applicant can take now: the state allows it, and its conditions are met."""
    if application.status == Status.DRAFT:
        return set()
    return {action for action, name in ACTIONS.items() if fsm.has_transition_perm(getattr(application, name), user)}


def _case_for_action(request, public_id, action):
    application = own_application_or_404(request.user, public_id)
    if action not in available_actions(application, request.user):
        raise Http404
    return application


def decision_is_known(application, letters) -> bool:
    """Amounts, outcome and reasons are shown to the applicant only once the decision is taken
    (approved, where four eyes apply) and its letter exists: a proposal is not a decision."""
    return application.decided_at is not None and any(letter.kind in DECISION_KINDS for letter in letters)


def timeline_without_repeats(history) -> list[tuple]:
    """(when, what) for the applicant: a step back and forth inside the office (a proposal sent back,
    an approval) reads the same to them, so a line equal to the one before it is left out."""
    lines: list[tuple] = []
    for row in history:
        label = APPLICANT_LABELS[row.target]
        if not lines or lines[-1][1] != label:
            lines.append((row.at, label))
    return lines


@login_required
def detail(request, public_id):
    application = own_application_or_404(request.user, public_id)
    if application.status == Status.DRAFT:
        return redirect("applications:step", application.public_id, application.draft_step)
    audit.record("application.read", obj=application, request=request)
    # The lines are read by the actions' conditions, the money table and the page: one query for all.
    prefetch_related_objects([application], "lines")
    every_letter = list(application.letters.select_related("replaces"))
    letters = [letter for letter in every_letter if letter.status == LetterStatus.RENDERED]
    decision_known = decision_is_known(application, letters)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "status_label": APPLICANT_LABELS[application.status],
            "timeline": timeline_without_repeats(application.history.all()),
            "open_request": application.open_information_request,
            "letters": letters,
            "decision_known": decision_known,
            "money": money_as_it_develops(
                application,
                decision_known=decision_known,
                settlement_known=settlement_is_known(application, letters),
            ),
            "intention": application.status == Status.VIEWS_REQUESTED,
            "settlement_intention": application.status == Status.SETTLEMENT_VIEWS_REQUESTED,
            "letters_pending": len(letters) < len(every_letter),
            "documents": application.documents.all(),
            "actions": available_actions(application, request.user),
        },
    )


def _check_files(form, application, field="files"):
    """Check the form's files before anything is stored; errors go next to the field."""
    files = form.cleaned_data.get(field) or []
    try:
        return uploads.check_files(application, files)
    except ValidationError as exc:
        form.add_error(field, exc)
        return None


def _store(application, checked, *, kind, by, **links):
    for (data, content_type), name in checked:
        uploads.store_document(application, data=data, content_type=content_type, name=name, kind=kind, by=by, **links)


def _run_action(request, application, form, template, *, perform, done, **extra):
    """Show the form; on a valid POST whose files pass the checks, perform the action in one transaction.

    `perform(cleaned_data, checked_files)` calls the service and stores the files.
    """
    context = {"application": application, "form": form, **extra}
    if request.method != "POST":
        return render(request, template, context)
    checked = _check_files(form, application) if form.is_valid() else None
    if checked is None:
        return render(request, template, context, status=400)
    with transaction.atomic():
        perform(form.cleaned_data, checked)
    messages.success(request, done)
    return redirect("applications:detail", application.public_id)


@login_required
def answer_information(request, public_id):
    application = _case_for_action(request, public_id, "answer")
    information_request = application.open_information_request

    def perform(data, checked):
        # The service first: a refused step then leaves no files behind on disk.
        services.complete_information(application.pk, by=request.user, answer=data["answer"])
        _store(
            application,
            checked,
            kind=DocumentKind.INFORMATION,
            by=request.user,
            information_request=information_request,
        )

    form = caseforms.InformationAnswerForm(*posted(request))
    return _run_action(
        request,
        application,
        form,
        "applications/case/answer.html",
        perform=perform,
        done=_("Thank you. We have received your answer."),
        information_request=information_request,
    )


def _views(request, public_id, action, receive, template, done, **extra):
    """Views on an intention (Awb 4:8), written in the portal, with documents if the officeholder wishes."""
    application = _case_for_action(request, public_id, action)

    def perform(data, checked):
        receive(application.pk, by=request.user, views=data["views"])
        _store(application, checked, kind=DocumentKind.VIEWS, by=request.user)

    form = caseforms.ViewsForm(*posted(request))
    return _run_action(request, application, form, template, perform=perform, done=done, **extra)


@login_required
def give_views(request, public_id):
    """Views on an intended (partial) refusal (Awb 4:7, 4:8)."""
    return _views(
        request,
        public_id,
        "views",
        services.receive_views,
        "applications/case/views.html",
        _("Thank you. We have received your views."),
    )


@login_required
def give_settlement_views(request, public_id):
    """Views on an intended settlement below the invoice (Awb 4:8)."""
    return _views(
        request,
        public_id,
        "settlement_views",
        services.receive_settlement_views,
        "applications/case/settlement_views.html",
        _("Thank you. We have received your views on the settlement."),
    )


@login_required
def withdraw(request, public_id):
    """GET asks for confirmation; only the POST withdraws."""
    application = _case_for_action(request, public_id, "withdraw")

    def perform(data, checked):
        services.withdraw_application(application.pk, by=request.user, reason=data["reason"])

    form = caseforms.WithdrawForm(posted(request)[0])
    return _run_action(
        request,
        application,
        form,
        "applications/case/withdraw.html",
        perform=perform,
        done=_("Your application has been withdrawn."),
    )


@login_required
def submit_settlement(request, public_id):
    application = _case_for_action(request, public_id, "settlement")
    form = caseforms.SettlementForm(*posted(request), lines=application.lines.all())

    def perform(data, checked):
        services.submit_settlement(
            application.pk, by=request.user, invoiced=form.invoiced(), invoice_dates=form.invoice_dates()
        )
        _store(application, checked, kind=DocumentKind.INVOICE, by=request.user)

    return _run_action(
        request,
        application,
        form,
        "applications/case/settlement.html",
        perform=perform,
        done=_("Your invoices have been received."),
    )
