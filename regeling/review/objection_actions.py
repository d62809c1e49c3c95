"""The objection panel of the case file and its actions (the view is `actions.objection_act`) (Awb 6:6-7:15, 10:3(3)).

The panel offers each step the objection's state allows; one this user may not take is shown
disabled with the reason (independence included). A direct POST is checked again by the
service, which refuses it with the same reason (403). An invalid form re-renders the case
file with its errors (400); a refused step is a 409 page. Nothing is ever a 500.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regeling.accounts.access import can_handle
from regeling.applications.states import OBJECTABLE
from regeling.core import transitions
from regeling.objections import services
from regeling.objections.permissions import can_handle_objection, why_not
from regeling.objections.states import OPEN, ObjectionStatus

from .casefile import Action
from .objection_forms import objection_form

# Transitions of the objection offered in the case file, in order. `decide` also proposes.
TRANSITIONS = (
    "request_repair",
    "complete_repair",
    "invite_to_hearing",
    "record_hearing",
    "skip_hearing",
    "decide",
    "approve",
    "send_back",
)


def latest_objection(application):
    return application.objections.order_by("pk").last()


def _transition_action(objection, user, name) -> Action | None:
    method = getattr(objection, name)
    if transitions.offered(method) is None:
        return None
    label = _("Decide on the objection") if name == "decide" else transitions.label(method)
    if not transitions.is_permitted(method, user):
        return Action(name, label, False, why_not(objection, user))
    return Action(name, label, True)


def available_actions(application, objection, user) -> list[Action]:
    if objection is None or objection.status not in OPEN:
        if application.status in OBJECTABLE and services.contested_letter_for(application) is not None:
            allowed = can_handle(application, user)
            reason = "" if allowed else _("You may not handle this case.")
            return [Action("register", _("Register an objection received by post or e-mail"), allowed, reason)]
        return []
    actions = [action for name in TRANSITIONS if (action := _transition_action(objection, user, name))]
    independent = can_handle_objection(objection, user)
    reason = "" if independent else why_not(objection, user)
    if objection.is_late:
        actions.append(Action("judge_lateness", _("Judge the lateness (Awb 6:11)"), independent, reason))
    if objection.committee:
        actions.append(Action("record_advice", _("Record the committee's advice (Awb 7:13)"), independent, reason))
    if objection.extended_on is None:
        actions.append(Action("extend_term", _("Extend the term by six weeks (Awb 7:10(3))"), independent, reason))
    actions.append(Action("record_default_notice", _("Record a notice of default (Awb 4:17)"), independent, reason))
    return actions


def objection_panel(application, user, bound=None) -> dict:
    """What the case file shows of the objection: its facts, its history and the actions with their forms."""
    objection = latest_objection(application)
    actions = available_actions(application, objection, user)
    forms = {action.name: objection_form(action.name, objection=objection) for action in actions if action.allowed}
    if bound:
        forms[bound[0]] = bound[1]
    return {
        "objection": objection,
        "actions": [(action, forms.get(action.name)) for action in actions],
        "history": list(objection.history.select_related("actor")) if objection else [],
        "letters": [link.letter for link in objection.letter_links.select_related("letter")] if objection else [],
    }


def _decide(objection, by, form):
    return services.decide_objection(
        objection.pk,
        by=by,
        outcome=form.cleaned_data["outcome"],
        motivation=form.cleaned_data["motivation"],
        grounds=form.grounds,
        revised=form.revised,
        peius_ground=form.cleaned_data["peius_ground"],
        professional_help=form.cleaned_data["professional_help"],
    )


def _yes(value) -> bool:
    return value == "yes"


# name -> the service call, given the case, the objection, the user and the validated form (or None).
ACTIONS = {
    "register": lambda app, obj, by, f: services.lodge_objection(app.pk, by=by, **f.cleaned_data),
    "request_repair": lambda app, obj, by, f: services.request_repair(obj.pk, by=by, **f.cleaned_data),
    "complete_repair": lambda app, obj, by, f: services.complete_repair(obj.pk, by=by, **f.cleaned_data),
    "invite_to_hearing": lambda app, obj, by, f: services.invite_to_hearing(obj.pk, by=by, **f.cleaned_data),
    "record_hearing": lambda app, obj, by, f: services.record_hearing(obj.pk, by=by, **f.cleaned_data),
    "skip_hearing": lambda app, obj, by, f: services.skip_hearing(obj.pk, by=by, **f.cleaned_data),
    "judge_lateness": lambda app, obj, by, f: services.judge_lateness(
        obj.pk, by=by, excusable=_yes(f.cleaned_data["excusable"]), reason=f.cleaned_data["reason"]
    ),
    "record_advice": lambda app, obj, by, f: services.record_advice(
        obj.pk,
        by=by,
        advice=f.cleaned_data["advice"],
        followed=_yes(f.cleaned_data["followed"]),
        departure=f.cleaned_data["departure"],
    ),
    "extend_term": lambda app, obj, by, f: services.extend_term(obj.pk, by=by, **f.cleaned_data),
    "record_default_notice": lambda app, obj, by, f: services.record_default_notice(obj.pk, by=by, **f.cleaned_data),
    "decide": lambda app, obj, by, f: _decide(obj, by, f),
    "approve": lambda app, obj, by, f: services.approve_objection_decision(obj.pk, by=by),
    "send_back": lambda app, obj, by, f: services.send_back_objection_decision(obj.pk, by=by, **f.cleaned_data),
}


# What the confirmation says after each step: what happened and what comes next.
CONFIRMATIONS = {
    "register": gettext_lazy(
        "Objection registered. The acknowledgement of receipt is being made; the decision on objection is due "
        "by %(due)s."
    ),
    "request_repair": gettext_lazy(
        "Repair requested. The letter is being made; the decision term stands still until the repair, "
        "at the latest until %(deadline)s (Awb 6:6, 7:10(2))."
    ),
    "complete_repair": gettext_lazy("Repair recorded. The decision term runs again; it ends on %(due)s."),
    "invite_to_hearing": gettext_lazy("Hearing planned. The invitation is being made and sent to the objector."),
    "record_hearing": gettext_lazy("Hearing report recorded. You can now decide on the objection."),
    "skip_hearing": gettext_lazy(
        "The ground for leaving out the hearing is recorded (Awb 7:3). You can now decide on the objection."
    ),
    "judge_lateness": gettext_lazy("Your judgement of the lateness is recorded (Awb 6:11)."),
    "record_advice": gettext_lazy("The committee's advice is recorded (Awb 7:13)."),
    "extend_term": gettext_lazy(
        "Term extended. The letter is being made; the decision on objection is now due by %(due)s (Awb 7:10(3))."
    ),
    "record_default_notice": gettext_lazy("Notice of default recorded (Awb 4:17)."),
    "decide": gettext_lazy("Decision on objection taken. The letter is being made and sent to the objector."),
    "propose": gettext_lazy(
        "Decision on objection proposed. A second assessor who took no part in the contested decision must approve it."
    ),
    "approve": gettext_lazy("Decision on objection approved. The letter is being made and sent to the objector."),
    "send_back": gettext_lazy("Decision on objection sent back to the assessor who proposed it."),
}


def confirmation(action: str, objection) -> str:
    """The confirmation after an objection step; a decision that awaits four eyes says so."""
    if action == "decide" and objection.status == ObjectionStatus.AWAITING_APPROVAL:
        action = "propose"
    return str(CONFIRMATIONS[action]) % {
        "due": date_format(objection.decision_due, "j F Y"),
        "deadline": date_format(objection.repair_deadline, "j F Y") if objection.repair_deadline else "",
    }
