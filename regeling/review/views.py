"""The assessor's back office: the work list, the case file and the actions on it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regeling.applications import services
from regeling.applications.states import Outcome
from regeling.audit import log as audit

from .access import body_case_or_404, body_cases


@login_required
def work_list(request):
    cases = body_cases(request.user).select_related("applicant").order_by("received_on", "pk")
    return render(request, "review/work_list.html", {"cases": cases})


@login_required
def case_file(request, public_id):
    application = body_case_or_404(request, public_id)
    audit.record("case.read", obj=application, request=request)
    actions = [t.name for t in application.get_available_user_status_transitions(request.user)]
    return render(
        request,
        "review/case.html",
        {"application": application, "actions": actions, "letters": application.letters.all()},
    )


def _grant_in_full(application_id, *, by, motivation):
    return services.decide_application(application_id, by=by, outcome=Outcome.GRANT, motivation=motivation)


ACTIONS = {
    "start_completeness_check": lambda pk, by, post: services.start_completeness_check(pk, by=by),
    "start_assessment": lambda pk, by, post: services.start_assessment(pk, by=by),
    "decide": lambda pk, by, post: _grant_in_full(pk, by=by, motivation=post.get("motivation", "")),
    "approve": lambda pk, by, post: services.approve_decision(pk, by=by),
}


@login_required
@require_POST
def act(request, public_id, transition):
    application = body_case_or_404(request, public_id)
    if transition not in ACTIONS:
        raise Http404
    if transition == "decide" and not request.POST.get("motivation", "").strip():
        return render(
            request, "core/refused.html", {"message": _("Write the motivation for the decision.")}, status=400
        )
    ACTIONS[transition](application.pk, request.user, request.POST)
    return redirect("review:case", application.public_id)
