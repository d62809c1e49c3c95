"""Standard motivations: the coordinator's page to keep them, and "use this text" in the decision form.

"Use this text" works without JavaScript: it posts the decision form as filled, and the case file
comes back with the same form, the standard text in the motivation (editable), nothing saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import casefile, motivations
from .forms import DecisionForm, MotivationTemplateForm, TemplateChoiceForm
from .views import handled_case_or_404, render_case


def _coordinator(request) -> None:
    if not request.user.is_coordinator:
        raise PermissionDenied(_("Only a coordinator keeps the standard motivations."))


def _keep(request, template=None):
    """The list with the form to add one (no `template`), or the form to change `template`."""
    _coordinator(request)
    templates = motivations.body_templates(request.user)
    if template is not None:
        template = get_object_or_404(templates, pk=template)
    initial = {"reason": template.reason, "title": template.title, "text": template.text} if template else None
    form = MotivationTemplateForm(request.POST or None, initial=initial, templates=templates, editing=template)
    if request.method == "POST" and form.is_valid():
        motivations.save_template(by=request.user, template=template, **form.cleaned_data)
        done = (
            _("Standard motivation saved. Decisions taken earlier keep their own text.")
            if template
            else _("Standard motivation added. Assessors can use it in the decision form now.")
        )
        messages.success(request, done)
        return redirect("review:motivation_templates")
    page = "review/motivation_template_edit.html" if template else "review/motivation_templates.html"
    context = {"templates": templates, "template": template, "form": form}
    return render(request, page, context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def template_list(request):
    return _keep(request)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, pk):
    return _keep(request, pk)


@login_required
@require_POST
def template_delete(request, pk):
    _coordinator(request)
    template = get_object_or_404(motivations.body_templates(request.user), pk=pk)
    motivations.delete_template(template, by=request.user)
    messages.success(request, _("Standard motivation removed. Decisions taken earlier keep their own text."))
    return redirect("review:motivation_templates")


def prefilled_decision_form(application, data, text: str) -> DecisionForm:
    """The decision form as it was filled, not validated (no errors yet), with `text` as its motivation."""
    lines = application.lines.all()
    posted = DecisionForm(data, lines=lines)
    initial = {name: posted[name].value() for name in posted.fields}
    initial["motivation"] = text
    return DecisionForm(initial=initial, lines=lines)


@login_required
@require_POST
def use_template(request, public_id):
    application = handled_case_or_404(request, public_id)
    if not any(a.name == "decide" and a.allowed for a in casefile.available_actions(application, request.user)):
        raise Http404
    choice = TemplateChoiceForm(request.POST, templates=motivations.body_templates(request.user))
    if not choice.is_valid():
        # Nothing (valid) chosen: the form comes back as filled, the summary says what to do (400).
        typed = request.POST.get("decide-motivation", "")
        return render_case(
            request,
            application,
            prefilled=prefilled_decision_form(application, request.POST, typed),
            template_choice=choice,
        )
    template = choice.cleaned_data["motivation_template"]
    form = prefilled_decision_form(application, request.POST, template.text)
    return render_case(request, application, prefilled=form, template_choice=choice)
