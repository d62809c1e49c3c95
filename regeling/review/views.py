"""The assessor's back office: the work list, the case file, documents and the IBAN reveal.

Actions on a case are in actions.py, the CSV export in exports.py.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from regeling.accounts.access import may_see_case
from regeling.applications import uploads
from regeling.applications.models import Application, Document
from regeling.applications.states import OPEN_FOR_ASSESSORS, Status
from regeling.audit import log as audit
from regeling.schemes.versions import SchemeVersion

from . import casefile, motivations, queues, worklist
from .access import body_cases, deny, log_foreign_reference_search
from .assignment import FINISHED
from .forms import ACTION_FORMS, BulkForm, TemplateChoiceForm, action_form
from .objection_actions import objection_panel

PAGE_SIZE = 25


class KnownCountPaginator(Paginator):
    """A paginator that can be told the number of objects, saving a COUNT query."""

    def __init__(self, *args, known_count=None, **kwargs):
        super().__init__(*args, **kwargs)
        if known_count is not None:
            self.__dict__["count"] = known_count  # `count` is a cached_property


@login_required
@require_GET
def work_list(request):
    return render_work_list(request, worklist.Filters.from_query(request.GET))


def render_work_list(request, filters, *, bulk_form=None):
    """The work list; with `bulk_form` a bulk action's invalid form, its errors on top (400) and the
    ticked cases still ticked."""
    counts = worklist.counts(request.user, filters)
    in_queue = queues.queue_counts(request.user)
    # The counts already hold the number of matching cases, except for a reference search or a queue.
    known = None if filters.reference or filters.queue else counts["matching"]
    paginator = KnownCountPaginator(worklist.filtered_cases(request.user, filters), PAGE_SIZE, known_count=known)
    page = paginator.get_page(request.GET.get("page"))
    if filters.reference and not page.object_list:
        log_foreign_reference_search(request, filters.reference)
    today = timezone.localdate()
    rows = [(case, worklist.urgency(case, today), worklist.payment_due(case)) for case in page.object_list]
    if bulk_form is None:
        bulk_form = BulkForm(user=request.user, cases=page.object_list)

    def options(prefix, choices):
        chosen = getattr(filters, prefix)
        return [(value, label, counts.get(f"{prefix}_{value}", 0), value == chosen) for value, label in choices]

    return render(
        request,
        "review/work_list.html",
        {
            "filters": filters,
            "query_string": urlencode(filters.as_query()),
            "page": page,
            "rows": rows,
            "due_soon": worklist.due_soon_label(),
            "today": today,
            "total": counts["all"],
            "queues": [(name, label, in_queue[name], filters.queue == name) for name, label in worklist.QUEUES.items()],
            "in_queue": in_queue,  # for the navigation
            "bulk_form": bulk_form,
            "bulk_errors": bulk_form if bulk_form.is_bound else None,
            "ticked": set(bulk_form.data.getlist("bulk-cases")) if bulk_form.is_bound else set(),
            "filter_options": [
                ("state", _("Status"), options("state", Status.choices[1:])),
                ("window", _("Deadline"), options("window", worklist.WINDOWS.items())),
                ("assignment", _("Assigned"), options("assignment", worklist.ASSIGNMENTS.items())),
                ("version", _("Scheme version"), options("version", SchemeVersion.choices)),
            ],
        },
        status=400 if bulk_form.is_bound else 200,
    )


# Forms the case file always shows, whatever the state.
STANDING_FORMS = ("note", "conflict")


def action_forms(application, user, actions, bound=None) -> dict:
    """A blank form for each action allowed now; `bound` (name, form) is a submitted, invalid one."""
    names = [action.name for action in actions if action.allowed and action.name in ACTION_FORMS]
    names += [*STANDING_FORMS, "assign"] if user.is_coordinator else list(STANDING_FORMS)
    if application.scheme_version == SchemeVersion.TAILORED_ADVICE and application.status in OPEN_FOR_ASSESSORS:
        names.append("confirm_territory")  # Regeling 2.9(2): a water board's area is a confirmed fact
    forms = {name: action_form(name, application=application, user=user) for name in names}
    if bound:
        forms[bound[0]] = bound[1]
    return forms


def handled_case_or_404(request, public_id) -> Application:
    """The case file with all it shows; an assessor who declared a conflict may no longer open it."""
    try:
        application = casefile.load_case(body_cases(request.user), public_id)
    except Application.DoesNotExist as exc:
        raise deny(request, "case.not_found", public_id=str(public_id)) from exc
    if not may_see_case(application, request.user):  # a declared conflict of interest
        audit.record_denied("case.read", obj=application, request=request, why="conflict")
        raise PermissionDenied(gettext("You declared a conflict of interest on this case."))
    return application


def render_case(
    request,
    application,
    *,
    bound=None,
    iban_revealed=False,
    preview="",
    objection_bound=None,
    refusal="",
    prefilled=None,
    template_choice=None,
):
    """The case file; with `bound` an action's invalid form is shown with its errors (400: bad input),
    or, with `preview`, a valid one with the letter it would issue; `objection_bound` is an objection
    action's invalid form; with `refusal` the reason a step was refused (409) and links to the actions
    possible now, above everything. `prefilled` is a decision form filled in again, not yet checked
    (a standard motivation was inserted); `template_choice` the standard motivation chosen (400
    when none was)."""
    user = request.user
    actions = casefile.available_actions(application, user)
    forms = action_forms(application, user, actions, bound or (prefilled and ("decide", prefilled)))
    if template_choice is None:
        template_choice = TemplateChoiceForm(templates=motivations.body_templates(user))
    choice_invalid = template_choice.is_bound and not template_choice.is_valid()
    panel = objection_panel(application, user, objection_bound)
    possible = [(f"action-{action.name}", action.label) for action in actions if action.allowed]
    possible += [
        (f"objection-action-{action.name}", action.label) for action, _form in panel["actions"] if action.allowed
    ]
    status = 409 if refusal else 400 if (bound and not preview) or objection_bound or choice_invalid else 200
    return render(
        request,
        "review/case.html",
        {
            "application": application,
            "actions": [(action, forms.get(action.name)) for action in actions],
            "forms": forms,
            "iban": application.iban if iban_revealed else casefile.mask_iban(application.iban),
            "iban_revealed": iban_revealed,
            "findings": casefile.findings(application),
            "new_answers": casefile.new_answers(application),
            "urgency": worklist.urgency(application, timezone.localdate()),
            "due_soon": worklist.due_soon_label(),
            "can_take": application.assigned_to_id != user.pk and application.status not in FINISHED,
            "preview": preview,
            "objection_panel": panel,
            "bound_form": (bound[1] if bound and not preview else None) or (objection_bound and objection_bound[1]),
            "template_choice": template_choice,
            "motivation_templates": list(template_choice.fields["motivation_template"].queryset),
            "refusal": (refusal, possible) if refusal else None,
        },
        status=status,
    )


@login_required
@require_GET
def case_file(request, public_id):
    application = handled_case_or_404(request, public_id)
    audit.record("case.read", obj=application, request=request)
    response = render_case(request, application)
    casefile.mark_answers_read(application)  # after rendering: this visit still shows what is new
    queues.record_visit(application, request.user)
    return response


@login_required
@require_POST
def reveal_iban(request, public_id):
    """Show the full IBAN once, on purpose, and write down who saw it."""
    application = handled_case_or_404(request, public_id)
    audit.record("iban.reveal", obj=application, request=request)
    return render_case(request, application, iban_revealed=True)


@login_required
@require_GET
def download_document(request, public_id, document_id):
    application = handled_case_or_404(request, public_id)  # the case file's own rule, conflicts included
    document = Document.objects.filter(application=application, public_id=document_id).first()
    if document is None:
        raise deny(request, "document.not_found", public_id=str(document_id))
    return uploads.download_response(document, request)
