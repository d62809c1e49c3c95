"""The pre-check: a few questions, then whether and under which scheme version one qualifies, and why.

Open without signing in: someone who doubts whether the scheme is for them
should be able to find out before asking for an account, and nothing is
stored or logged (the answers live in the POST only). A signed-in
officeholder gets their profile filled in. The verdict and the reasons come
from the rules engineer's `evaluate()`; this module only asks the questions.
"""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regeling.accounts.models import BodyKind, Office
from regeling.core.forms import EuroField
from regeling.schemes.evaluation import CaseFacts, Line, Verdict, evaluate
from regeling.schemes.versions import Measure, SchemeVersion

from .forms import PACKAGE_ITEMS, posted, yes_no_field

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VERDICT_TEXTS = {
    Verdict.MET: _("You qualify."),
    Verdict.PARTLY_MET: _("You qualify, but not for every amount you filled in."),
    Verdict.NOT_MET: _("You do not qualify, for the reasons below."),
    Verdict.NEEDS_ASSESSOR: _("You may qualify. Some points can only be judged by an assessor after you apply."),
}


class PrecheckForm(forms.Form):
    office = forms.ChoiceField(label=_("Your office"), choices=Office.choices)
    body_kind = forms.ChoiceField(label=_("Your employer body is a"), choices=BodyKind.choices)
    application_date = forms.DateField(
        label=_("Date of the application"),
        widget=DATE_WIDGET,
        help_text=_("Which version of the scheme applies depends on this date. Usually today."),
    )
    appointment_certain_on = forms.DateField(
        label=_("Date your appointment became certain"), widget=DATE_WIDGET, required=False
    )
    term_ends_on = forms.DateField(label=_("Date your term ends (if known)"), widget=DATE_WIDGET, required=False)
    is_main_residence = yes_no_field(_("Is the home your main residence (your address in the BRP)?"))
    in_body_territory = yes_no_field(_("Does the home lie in the territory of your employer body?"))
    has_residence_exemption = forms.BooleanField(
        label=_("I have an exemption from the residence requirement."), required=False
    )
    pkvw_valid_until = forms.DateField(
        label=_("Your Politiekeurmerk Veilig Wonen certificate is valid until"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty if you do not have one."),
    )
    has_advice = yes_no_field(_("Do you have a security advice from the Security Authority?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for measure in PACKAGE_ITEMS:
            self.fields[measure.value] = EuroField(
                label=_("Quote for: %(measure)s (scheme A)") % {"measure": measure.label}, required=False
            )
        self.fields["advice_amount"] = EuroField(label=_("Total of the advised measures (scheme B)"), required=False)

    def case(self) -> CaseFacts:
        data = self.cleaned_data
        amounts = [(measure.value, data.get(measure.value)) for measure in PACKAGE_ITEMS]
        amounts.append((Measure.ADVICE_LINE.value, data.get("advice_amount")))
        filled = [(measure, cents) for measure, cents in amounts if cents]
        lines = tuple(Line(position, measure, cents) for position, (measure, cents) in enumerate(filled, start=1))
        return CaseFacts(
            office=data["office"],
            body_kind=data["body_kind"],
            application_date=data["application_date"],
            appointment_certain_on=data["appointment_certain_on"],
            term_ends_on=data["term_ends_on"],
            is_main_residence=data["is_main_residence"],
            in_body_territory=data["in_body_territory"],
            has_residence_exemption=data["has_residence_exemption"],
            pkvw_valid_until=data["pkvw_valid_until"],
            lines=lines,
        )


def initial_for(user) -> dict:
    initial = {"application_date": timezone.localdate()}
    if user.is_authenticated and user.is_officeholder:
        initial.update(
            office=user.office,
            body_kind=user.organisation.kind if user.organisation_id else "",
            appointment_certain_on=user.appointment_certain_on,
            term_ends_on=user.term_ends_on,
        )
    return initial


def precheck(request):
    form = PrecheckForm(posted(request)[0], initial=initial_for(request.user))
    context = {"form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            evaluation = evaluate(form.case())
            context.update(
                evaluation=evaluation,
                verdict_text=VERDICT_TEXTS[evaluation.verdict],
                version_label=SchemeVersion(evaluation.scheme_version).label,
                needs_advice=evaluation.scheme_version == SchemeVersion.TAILORED_ADVICE
                and not form.cleaned_data["has_advice"],
            )
        else:
            status = 400
    return render(request, "applications/precheck.html", context, status=status)
