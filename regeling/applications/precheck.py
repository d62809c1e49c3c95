"""The pre-check: one topic per page, then whether and under which scheme version one qualifies, and why.

Open without signing in: someone who doubts whether the scheme is for them
should be able to find out before asking for an account, and nothing is
stored or logged (the answers live in the POST only: each page carries the
earlier answers as hidden fields, so it works without JavaScript and without
a session). A signed-in officeholder gets their profile filled in.

The pages ask only what applies (GOV.UK "one thing per page", Open Forms' logic):
office and body first; then the dates, which decide the version; then the home
(version A: the main residence; B: the territory, and an exemption only for the
offices that can have one); the PKVW certificate where it can matter; the measures
of that version. An answer that rules the officeholder out ends the questions at
once, with the reason and what they can do instead. The verdict and the reasons
come from the rules engineer's `evaluate()`; this module only asks the questions.

"""

from dataclasses import dataclass

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regeling.accounts.models import BodyKind, Office
from regeling.core.forms import EuroField
from regeling.schemes.evaluation import CaseFacts, Line, Policy, Verdict, evaluate
from regeling.schemes.reasons import Reason
from regeling.schemes.rules import PkvwPolicy
from regeling.schemes.versions import Measure, SchemeVersion, version_for

from .forms import PACKAGE_ITEMS, yes_no_field

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VERDICT_TEXTS = {
    Verdict.MET: _("You qualify."),
    Verdict.PARTLY_MET: _("You qualify, but not for every amount you filled in."),
    Verdict.NOT_MET: _("You do not qualify, for the reasons below."),
    Verdict.NEEDS_ASSESSOR: _("You may qualify. Some points can only be judged by an assessor after you apply."),
}

# What an officeholder who does not qualify can do instead, per reason (SCHEME.md §1, §2).
ALTERNATIVES = {
    Reason.NOT_ELIGIBLE_OFFICE: _(
        "Report threats and intimidation to the police; in an emergency call 112. Ask your clerk or your "
        "employer which measures they offer for your office. If you run a business, you can shield its "
        "visiting address in the KVK trade register."
    ),
    Reason.OUTSIDE_TERM: _(
        "You can apply from the day your appointment is certain, even before you take office. Costs made after "
        "your term has ended are not covered."
    ),
    Reason.NOT_MAIN_RESIDENCE: _(
        "Only the home where you are registered in the BRP counts. If you are moving, register your new address "
        "first; a move during your term gives a new entitlement for the new home."
    ),
    Reason.OUTSIDE_TERRITORY: _(
        "A provincial executive can ask for an exemption from the residence requirement; with it, a home in "
        "another province is covered. Ask your employer body."
    ),
    Reason.NO_PKVW: _(
        "First have your home brought to the level of the Police Quality Mark Secure Housing "
        "(Politiekeurmerk Veilig Wonen), at your own expense. Apply once you have the certificate."
    ),
    Reason.NOT_IN_PACKAGE: _(
        "Under this version only the five measures of the basic package are reimbursed. Leave out the other "
        "measures, or ask your employer body whether it pays for them itself."
    ),
}
# Said to everyone who does not qualify: where help is, whatever the reason.
HELP_FOR_EVERYONE = _(
    "Threatened or intimidated? In an emergency call 112; otherwise report it to the police. "
    "Weerbaar Bestuur (weerbaarbestuur.nl) helps officeholders facing aggression and intimidation."
)


class PrecheckForm(forms.Form):
    office = forms.ChoiceField(label=_("Your office"), choices=Office.choices)
    body_kind = forms.ChoiceField(label=_("Your employer body is a"), choices=BodyKind.choices)
    application_date = forms.DateField(
        label=_("Date of the application"),
        widget=DATE_WIDGET,
        help_text=_("Which version of the scheme applies depends on this date. Usually today."),
        error_messages={"required": _("Fill in this field.")},  # as on the application's steps
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

    def __init__(self, *args, only=None, **kwargs):
        super().__init__(*args, **kwargs)
        for measure in PACKAGE_ITEMS:
            self.fields[measure.value] = EuroField(
                label=_("Quote for: %(measure)s (scheme A)") % {"measure": measure.label}, required=False
            )
        self.fields["advice_amount"] = EuroField(label=_("Total of the advised measures (scheme B)"), required=False)
        if only is not None:  # one page of the pre-check: only its questions, in the page's order
            self.fields = {name: self.fields[name] for name in only}

    def case(self) -> CaseFacts:
        return facts(self.cleaned_data)


def facts(answers: dict) -> CaseFacts:
    """The case as far as it is answered; a question not asked (yet) stays unknown."""
    amounts = [(measure.value, answers.get(measure.value)) for measure in PACKAGE_ITEMS]
    amounts.append((Measure.ADVICE_LINE.value, answers.get("advice_amount")))
    filled = [(measure, cents) for measure, cents in amounts if cents]
    lines = tuple(Line(position, measure, cents) for position, (measure, cents) in enumerate(filled, start=1))
    return CaseFacts(
        office=answers.get("office", ""),
        body_kind=answers.get("body_kind", ""),
        application_date=answers.get("application_date") or timezone.localdate(),
        appointment_certain_on=answers.get("appointment_certain_on"),
        term_ends_on=answers.get("term_ends_on"),
        is_main_residence=answers.get("is_main_residence"),
        in_body_territory=answers.get("in_body_territory"),
        has_residence_exemption=bool(answers.get("has_residence_exemption")),
        pkvw_valid_until=answers.get("pkvw_valid_until"),
        lines=lines,
    )


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    rules: frozenset[str]  # the rules its answers settle: one not met ends the questions


PAGES = (
    Page("position", _("Your office"), frozenset({"holds_eligible_office"})),
    Page("term", _("Your term of office and the date"), frozenset({"is_within_term", "scheme_version"})),
    Page("home", _("Your home"), frozenset({"is_main_residence", "lives_in_territory_or_exempt"})),
    Page("certificate", _("Police Quality Mark Secure Housing"), frozenset({"has_valid_pkvw_certificate"})),
    Page("measures", _("Your measures"), frozenset()),
)
PAGE_NAMES = [page.name for page in PAGES]


def questions(page: str, answers: dict, policy: Policy) -> list[str]:
    """The questions of a page that apply given the earlier answers; none: the page is skipped."""
    version = version_for(answers["application_date"]) if answers.get("application_date") else None
    basic = version == SchemeVersion.BASIC_PACKAGE
    if page == "position":
        return ["body_kind", "office"]
    if page == "term":
        return ["application_date", "appointment_certain_on", "term_ends_on"]
    if page == "home":
        if basic:
            return ["is_main_residence"]
        exemption = ["has_residence_exemption"] if answers.get("office") in policy.exemption_offices else []
        return ["in_body_territory", *exemption]
    if page == "certificate":
        needed = basic or policy.version_b_pkvw != PkvwPolicy.NOT_REQUIRED
        return ["pkvw_valid_until"] if needed else []
    return [measure.value for measure in PACKAGE_ITEMS] if basic else ["has_advice", "advice_amount"]


def initial_for(user) -> dict:

    initial = {"application_date": timezone.localdate()}
    if user.is_authenticated and user.is_officeholder:
        initial.update(
            office=user.office,
            body_kind=user.body.kind if user.body_id else "",
            appointment_certain_on=user.appointment_certain_on,
            term_ends_on=user.term_ends_on,
        )
    return initial


def precheck(request):
    """GET: the first page. POST with `page`: that page's answers (earlier ones carried along);
    POST without `page`: every answer at once (the whole form), as before the pages existed."""
    initial = initial_for(request.user)
    if request.method != "POST":
        return _show_page(
            request, PAGES[0], {}, PrecheckForm(initial=initial, only=questions("position", {}, Policy.from_settings()))
        )
    if request.POST.get("page") not in PAGE_NAMES:
        return _whole_form(request, initial)
    return _next_page(request, initial)


def _whole_form(request, initial):
    form = PrecheckForm(request.POST, initial=initial)
    if form.is_valid():
        return _result(request, form.cleaned_data, PAGE_NAMES)
    # Shown on the first page that holds an error, with the answers before it carried along.
    answers, policy = dict(form.cleaned_data), Policy.from_settings()
    page = next(
        (page for page in PAGES if any(name in form.errors for name in questions(page.name, answers, policy))),
        PAGES[0],
    )
    page_form = PrecheckForm(request.POST, only=questions(page.name, answers, policy))
    page_form.is_valid()
    return _show_page(request, page, answers, page_form, 400)


def _next_page(request, initial):
    policy, answers, answered = Policy.from_settings(), {}, []
    current = PAGES[PAGE_NAMES.index(request.POST["page"])]
    for page in PAGES[: PAGE_NAMES.index(current.name)]:
        form = PrecheckForm(request.POST, only=questions(page.name, answers, policy))
        if not form.is_valid():  # a carried answer was changed on the way: ask that page again
            return _show_page(request, page, answers, form, 400)
        answers.update(form.cleaned_data)
        answered.append(page.name)
    if "back" in request.POST:
        before = _applicable(PAGES[: PAGE_NAMES.index(current.name)], answers, policy)
        page = before[-1] if before else PAGES[0]
        form = PrecheckForm(initial={**initial, **request.POST.dict()}, only=questions(page.name, answers, policy))
        return _show_page(request, page, answers, form)
    form = PrecheckForm(request.POST, only=questions(current.name, answers, policy))
    if not form.is_valid():
        return _show_page(request, current, answers, form, 400)
    answers.update(form.cleaned_data)
    answered.append(current.name)
    later = _applicable(PAGES[PAGE_NAMES.index(current.name) + 1 :], answers, policy)
    if not later or _ruled_out(answers, answered):
        return _result(request, answers, answered)
    form = PrecheckForm(initial=initial, only=questions(later[0].name, answers, policy))
    return _show_page(request, later[0], answers, form)


def _applicable(pages, answers, policy) -> list[Page]:
    return [page for page in pages if questions(page.name, answers, policy)]


def _settled_rules(answered: list[str]) -> set[str]:
    return set().union(*(PAGES[PAGE_NAMES.index(name)].rules for name in answered))


def _ruled_out(answers: dict, answered: list[str]) -> bool:
    """An answer already rules the officeholder out: asking more would waste their time."""
    rules = _settled_rules(answered)
    return any(finding.is_not_met and finding.rule in rules for finding in evaluate(facts(answers)).findings)


def _show_page(request, page: Page, answers: dict, form, status=200):
    """One page of questions, with every answer of the pages before it as hidden fields."""
    policy = Policy.from_settings()
    position = PAGE_NAMES.index(page.name)
    carried = []
    if request.method == "POST":
        for earlier in PAGES[:position]:
            for name in questions(earlier.name, answers, policy):
                carried += [(name, value) for value in request.POST.getlist(name)]
    before = _applicable(PAGES[:position], answers, policy)
    after = _applicable(PAGES[position + 1 :], answers, policy)
    context = {
        "page": page,
        "form": form,
        "carried": carried,
        "number": len(before) + 1,
        "total": len(before) + 1 + len(after),
    }
    return render(request, "applications/precheck.html", context, status=status)


def _result(request, answers: dict, answered: list[str]):
    """The verdict on the answers so far: after the last page, or as soon as an answer rules one out."""
    evaluation = evaluate(facts(answers))
    complete = answered == PAGE_NAMES or answered[-1] == PAGES[-1].name
    rules = _settled_rules(answered)
    findings = [finding for finding in evaluation.findings if complete or finding.rule in rules]
    not_met = [finding for finding in findings if finding.is_not_met]
    verdict = Verdict.NOT_MET if not_met else evaluation.verdict
    context = {
        "evaluation": evaluation,
        "findings": findings,
        "verdict": verdict,
        "nothing_eligible": verdict == Verdict.NOT_MET,
        "verdict_text": VERDICT_TEXTS[verdict],
        "version_label": SchemeVersion(evaluation.scheme_version).label if answers.get("application_date") else "",
        "alternatives": list(dict.fromkeys(ALTERNATIVES[f.reason] for f in not_met if f.reason in ALTERNATIVES)),
        "help_for_everyone": HELP_FOR_EVERYONE if not_met else "",
        "needs_advice": evaluation.scheme_version == SchemeVersion.TAILORED_ADVICE
        and answers.get("has_advice") is False,
    }
    return render(request, "applications/precheck_result.html", context)
