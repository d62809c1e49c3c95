"""The actions on a case: each validates its form and calls one service.

An invalid form re-renders the case file with its errors (400: bad input); so does a
refused step (409), with the form as it was filled, the reason at the top and the
actions that are possible now; a step this user may not take is a 403. Nothing is
ever a 500. After a step the confirmation says what happened and what comes next.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from regeling.applications import services
from regeling.applications.letterdata import draft_decision
from regeling.applications.letterhtml import letter_html
from regeling.audit import log as audit
from regeling.core.exceptions import TransitionRefused
from regeling.objections.states import OPEN

from . import assignment, casefile, objection_actions
from .forms import action_form
from .objection_forms import objection_form
from .views import handled_case_or_404, render_case

# The preview sits in the case file under the action's h3 and its own h4.
PREVIEW_HEADING_OFFSET = 4


def _decide(pk, by, form):
    amounts = {line_pk: (cents, reason) for line_pk, (cents, reason) in form.amounts.items()}
    return services.decide_application(
        pk,
        by=by,
        outcome=form.cleaned_data["outcome"],
        motivation=form.cleaned_data["motivation"],
        granted=amounts,
        links=form.links(),
        **form.facts(),
    )


def _settle(pk, by, form):
    return services.settle_application(pk, by=by, **form.settlement())


# name -> the service call, given the case id, the user and the validated form (or None).
ACTIONS = {
    "start_completeness_check": lambda pk, by, f: services.start_completeness_check(pk, by=by),
    "start_assessment": lambda pk, by, f: services.start_assessment(pk, by=by),
    "request_information": lambda pk, by, f: services.request_information(pk, by=by, **f.cleaned_data),
    "complete_information": lambda pk, by, f: services.complete_information(pk, by=by, **f.cleaned_data),
    "declare_not_processed": lambda pk, by, f: services.declare_not_processed(pk, by=by, **f.cleaned_data),
    "request_views": lambda pk, by, f: services.request_views(pk, by=by, **f.intention()),
    "receive_views": lambda pk, by, f: services.receive_views(pk, by=by, **f.cleaned_data),
    "request_settlement_views": lambda pk, by, f: services.request_settlement_views(pk, by=by, **f.settlement()),
    "receive_settlement_views": lambda pk, by, f: services.receive_settlement_views(pk, by=by, **f.cleaned_data),
    "decide": _decide,
    "approve": lambda pk, by, f: services.approve_decision(pk, by=by),
    "send_back": lambda pk, by, f: services.send_back_decision(pk, by=by, **f.cleaned_data),
    "settle": _settle,
    "mark_paid": lambda pk, by, f: services.mark_paid(pk, by=by),
    "close": lambda pk, by, f: services.close_application(pk, by=by),
    "announce_extension": lambda pk, by, f: services.announce_extension(pk, by=by, **f.cleaned_data),
    "record_default_notice": lambda pk, by, f: services.record_default_notice(pk, by=by, **f.cleaned_data),
    "confirm_territory": lambda pk, by, f: services.confirm_territory(pk, by=by, **f.cleaned_data),
    "record_advice": lambda pk, by, f: services.record_advice(pk, by=by, **f.cleaned_data),
    "take": lambda pk, by, f: assignment.take_case(pk, by=by),
    "conflict": lambda pk, by, f: assignment.declare_conflict(pk, by=by, **f.cleaned_data),
    "note": lambda pk, by, f: assignment.add_note(pk, by=by, **f.cleaned_data),
    "assign": lambda pk, by, f: assignment.assign_case(pk, by=by, **f.cleaned_data),
}


# What the confirmation says after each step: what happened and what comes next.
CONFIRMATIONS = {
    "start_completeness_check": gettext_lazy(
        "Completeness check started. Request missing information, or start the assessment."
    ),
    "start_assessment": gettext_lazy(
        "Assessment started. Decide, or first ask the applicant's views if you intend to refuse."
    ),
    "request_information": gettext_lazy(
        "Information request sent. The decision period stands still until the information arrives, "
        "at the latest until %(deadline)s."
    ),
    "complete_information": gettext_lazy("Information recorded as received. The decision period runs again."),
    "declare_not_processed": gettext_lazy(
        "The application is declared not processed. The letter to the applicant is being made."
    ),
    "request_views": gettext_lazy(
        "Views requested. The letter to the applicant is being made; the views are due by %(deadline)s."
    ),
    "receive_views": gettext_lazy("Views recorded. You can now decide."),
    "decide": gettext_lazy("Decision recorded. The case is now %(status)s."),
    "approve": gettext_lazy("Decision approved. The decision letter is being made and sent to the applicant."),
    "send_back": gettext_lazy("Decision sent back to the assessor who proposed it."),
    "settle": gettext_lazy("Settlement recorded. The case can now be included in a payment batch."),
    "request_settlement_views": gettext_lazy(
        "Views on the intended settlement requested. The letter to the applicant is being made; the views are due "
        "by %(deadline)s."
    ),
    "receive_settlement_views": gettext_lazy("Views on the settlement recorded. You can now settle."),
    "mark_paid": gettext_lazy("Marked as paid. You can close the case."),
    "close": gettext_lazy("Case closed."),
    "announce_extension": gettext_lazy(
        "Extension announced. The new decision date is shown under Deadlines and assignment."
    ),
    "record_default_notice": gettext_lazy("Notice of default recorded."),
    "confirm_territory": gettext_lazy("Territory recorded. The rule findings take it into account."),
    "record_advice": gettext_lazy("Security advice recorded. Link each measure to an advice line when you decide."),
    "take": gettext_lazy("The case is now assigned to you."),
    "conflict": gettext_lazy("Conflict of interest recorded. The case has gone back to the coordinator."),
    "note": gettext_lazy("Note added. Only assessors of this body can read it."),
    "assign": gettext_lazy("Case assigned."),
}


def confirmation(action: str, application, form) -> str:
    deadline = form.cleaned_data.get("deadline") if form is not None else None
    return str(CONFIRMATIONS[action]) % {
        "deadline": date_format(deadline, "j F Y") if deadline else "",
        "status": application.get_status_display(),
    }


@login_required
@require_POST
def act(request, public_id, action):
    application = handled_case_or_404(request, public_id)
    if action not in ACTIONS:
        raise Http404
    form = action_form(action, request.POST, application=application, user=request.user)
    if form is not None and not form.is_valid():
        return render_case(request, application, bound=(action, form))
    try:
        ACTIONS[action](application.pk, request.user, form)
    except TransitionRefused as refusal:
        audit.record_denied("transition.refused", request=request, obj=application, step=action)
        # No dead end: the case file again, the form as filled, why, and what is possible now.
        return render_case(request, application, bound=(action, form) if form else None, refusal=str(refusal))
    application.refresh_from_db(fields=["status"])
    messages.success(request, confirmation(action, application, form))
    if action == "conflict":
        # The assessor is now excluded from the case: back to the list.
        return redirect("review:work_list")
    return redirect("review:case", application.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def preview_decision_letter(request, public_id):
    """The decision letter the form would issue, shown in the case file: nothing is saved or sent.
    The draft travels only in the POST body; a GET (a reload, a bookmark) goes to the case file."""
    application = handled_case_or_404(request, public_id)
    if request.method == "GET":
        return redirect("review:case", application.public_id)
    if not any(a.name == "decide" and a.allowed for a in casefile.available_actions(application, request.user)):
        raise Http404
    form = action_form("decide", request.POST, application=application, user=request.user)
    if not form.is_valid():
        return render_case(request, application, bound=("decide", form))
    data = draft_decision(
        application,
        author=request.user,
        outcome=form.cleaned_data["outcome"],
        motivation=form.cleaned_data["motivation"],
        granted=form.amounts,
        facts=form.facts(),
        links=form.links(),
    )
    audit.record("letter.preview", obj=application, request=request)
    preview = letter_html(data, heading_offset=PREVIEW_HEADING_OFFSET)
    return render_case(request, application, bound=("decide", form), preview=preview)


@login_required
@require_POST
def objection_act(request, public_id, action):
    """One step of the case's objection (objection_actions.py); the service checks independence again."""
    application = handled_case_or_404(request, public_id)
    if action not in objection_actions.ACTIONS:
        raise Http404
    objection = objection_actions.latest_objection(application)
    if action != "register" and (objection is None or objection.status not in OPEN):
        raise Http404
    form = objection_form(action, request.POST, objection=objection)
    if form is not None and not form.is_valid():
        return render_case(request, application, objection_bound=(action, form))
    try:
        result = objection_actions.ACTIONS[action](application, objection, request.user, form)
    except TransitionRefused as refusal:
        audit.record_denied("objection.refused", request=request, obj=application, step=action)
        # No dead end: the case file again, the form as filled, why, and what is possible now.
        return render_case(request, application, objection_bound=(action, form) if form else None, refusal=str(refusal))
    messages.success(request, objection_actions.confirmation(action, result))
    return redirect("review:case", application.public_id)
