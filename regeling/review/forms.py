"""Forms for the assessor's actions. Amounts are typed in euros and handed on as integer cents."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from regeling.applications import services
from regeling.applications.states import Outcome, ViewsException
from regeling.core import limits
from regeling.core.forms import DateInput, DescribedBoundField, LongTextField, clean_euros
from regeling.core.glyphs import validate_printable
from regeling.core.money import format_euros
from regeling.schemes import rules
from regeling.schemes.reasons import Reason
from regeling.schemes.versions import SchemeVersion

from .access import body_assessors


class AccessibleForm(forms.Form):
    """A form of the case file: its own prefix, and the printable check on the text a letter prints.

    Its BoundField (Django 5.2's, `DescribedBoundField`) links each field to its help text and its error
    (aria-describedby, `{id}_helptext` and `{id}_error` as applications/_fields.html writes them), marks
    a field with an error aria-invalid, and describes each choice of a group as well.
    """

    bound_field_class = DescribedBoundField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.prefix_name)
        super().__init__(*args, **kwargs)
        for name in self.printed_fields:
            self.fields[name].validators.append(validate_printable)

    prefix_name = None
    # Fields whose text a letter prints: refused when the letter fonts lack a character.
    printed_fields: tuple[str, ...] = ()


def future_date(value):
    if value <= timezone.localdate():
        raise forms.ValidationError(_("The deadline must lie in the future."))
    return value


class RequestInformationForm(AccessibleForm):
    prefix_name = "info"
    printed_fields = ("message",)
    message = LongTextField(
        max_length=limits.REASON, label=_("What is missing"), widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=settings.INFORMATION_DEADLINE_DAYS)

    def clean_deadline(self):
        return future_date(self.cleaned_data["deadline"])


class CompleteInformationForm(AccessibleForm):
    prefix_name = "complete"
    answer = LongTextField(
        max_length=limits.REASON, label=_("What was received"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class NotProcessedForm(AccessibleForm):
    prefix_name = "notprocessed"
    printed_fields = ("motivation",)
    motivation = LongTextField(max_length=limits.TEXT, label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 3}))


class ReceiveViewsForm(AccessibleForm):
    prefix_name = "receiveviews"
    views = LongTextField(
        max_length=limits.TEXT,
        label=_("The applicant's views, or the report of the oral views"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    oral = forms.BooleanField(label=_("The views were given orally; the text above is the report"), required=False)


class TerritoryForm(AccessibleForm):
    """Regeling 2.9(2): the assessor records whether the home lies in the body's territory."""

    prefix_name = "territory"
    in_territory = forms.TypedChoiceField(
        label=_("Does the home lie in the territory of the body (for a water board: its area)?"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda value: value == "1",
    )
    reason = LongTextField(
        max_length=limits.REASON, label=_("How you established it"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AdviceForm(AccessibleForm):
    """Version B: the measures of the adopted security advice, as the advice states them (Regeling 2.9(3))."""

    prefix_name = "advice"
    printed_fields = ("advice",)
    advice = forms.CharField(
        label=_("The advised measures, one per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Copy them from the adopted advice the applicant sent. You link each requested measure to one."),
    )
    reason = forms.CharField(label=_("Source (e.g. the advice's reference)"), max_length=300, required=False)


class ExtensionForm(AccessibleForm):
    prefix_name = "extension"
    printed_fields = ("reason",)
    until = forms.DateField(label=_("New decision date"), widget=DateInput)
    reason = LongTextField(
        max_length=limits.REASON, label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DefaultNoticeForm(AccessibleForm):
    prefix_name = "default"
    received_on = forms.DateField(label=_("Notice of default received on"), widget=DateInput)

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot lie in the future."))
        return received_on


class SendBackForm(AccessibleForm):
    prefix_name = "sendback"
    reason = LongTextField(
        max_length=limits.REASON, label=_("Why it goes back"), widget=forms.Textarea(attrs={"rows": 2})
    )


class LineAmountsForm(AccessibleForm):
    """A form with one amount (and optionally one reason) per measure line."""

    with_reasons = False
    amount_label = _("Amount for %(line)s")

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            name = line.description or str(line)
            self.fields[f"amount_{line.pk}"] = forms.CharField(
                max_length=30,
                label=self.amount_label % {"line": name},
                initial=format_euros(self.initial_cents(line)).replace("€ ", ""),
                help_text=self.help_for(line),
            )
            if self.with_reasons:
                self.fields[f"reason_{line.pk}"] = forms.ChoiceField(
                    label=_("Reason for %(line)s") % {"line": name},
                    choices=[("", _("(none: granted in full)")), *Reason.choices],
                    required=False,
                )
            for field_name, field in self.line_fields(line, name).items():
                if isinstance(field.widget, forms.Textarea):
                    field.validators.append(validate_printable)
                self.fields[f"{field_name}_{line.pk}"] = field
        # The outcome first, then the fields per line, then the motivation and the rest.
        self.order_fields(["outcome", *(name for name in self.fields if name.split("_")[-1].isdigit())])

    def line_fields(self, line, name: str) -> dict:
        """More fields for one line, after its amount (and reason), keyed by their name without the line."""
        return {}

    def initial_cents(self, line) -> int:
        return line.requested_cents

    def maximum(self, line) -> int:
        return line.requested_cents

    def help_for(self, line) -> str:
        return _("At most %(max)s.") % {"max": format_euros(self.maximum(line))}

    def clean(self):
        cleaned = super().clean()
        self.amounts = {}
        for line in self.lines:
            key = f"amount_{line.pk}"
            if key not in cleaned:
                continue
            try:
                cents = clean_euros(cleaned[key], maximum=self.maximum(line), zero_allowed=True)
            except forms.ValidationError as error:
                self.add_error(key, error)
                continue
            reason = cleaned.get(f"reason_{line.pk}", "")
            if self.with_reasons and cents < line.requested_cents and not reason:
                self.add_error(f"reason_{line.pk}", _("Give the reason for granting less than requested."))
            self.amounts[line.pk] = (cents, reason)
        return cleaned


class DecisionForm(LineAmountsForm):
    prefix_name = "decide"
    printed_fields = ("motivation", "advice_deviation", "conditions")
    with_reasons = True
    amount_label = _("Granted for %(line)s")
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=[(o, label) for o, label in Outcome.choices if o != Outcome.NOT_PROCESSED]
    )
    motivation = LongTextField(max_length=limits.TEXT, label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 4}))
    views_exception = forms.ChoiceField(
        label=_("Ground for not asking views (only for a refusal without hearing)"),
        choices=[("", _("(views were asked, or nothing is refused)")), *ViewsException.choices],
        required=False,
    )
    views_not_needed_reason = LongTextField(
        max_length=limits.REASON,
        label=_("Why that ground applies"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    advice_deviation = LongTextField(
        max_length=limits.REASON,
        label=_("Deviation from the security advice, explained"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    conditions = LongTextField(
        max_length=limits.REASON, label=_("Conditions"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, advice: tuple[str, ...] | None = None, **kwargs):
        # Version B: the lines of the adopted advice; None for version A (no links).
        self.advice = advice
        super().__init__(*args, **kwargs)

    def line_fields(self, line, name: str) -> dict:
        """Version B, the advice decides (Regeling 2.9(3)): the advice line each measure follows, and
        why less is granted than the advice prescribes (Awb 3:46, 3:50)."""
        if self.advice is None:
            return {}
        matched = rules.advice_line_for(line.advice_line or line.description, self.advice)
        return {
            "advice": forms.ChoiceField(
                label=_("Advice line for %(line)s") % {"line": name},
                choices=[("", _("(in no line of the advice)")), *((text, text) for text in self.advice)],
                initial=matched,
                required=False,
                help_text=_("A measure in no line of the advice counts as € 0 until you link it."),
            ),
            "advice_why": forms.CharField(
                label=_("Why less than the advice prescribes, for %(line)s") % {"line": name},
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
                initial=line.advice_motivation,
                required=False,
                help_text=_("Needed when you grant less than requested for a measure the advice prescribes."),
            ),
        }

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if self.advice is not None:
            for line in self.lines:
                # A form sent without the select (an older page, a script) keeps the link shown to it.
                for name in (f"advice_{line.pk}", f"advice_why_{line.pk}"):
                    if self.add_prefix(name) not in self.data:
                        cleaned[name] = self.fields[name].initial or ""
        if self.advice is not None and outcome:
            for line in self.lines:
                cents = self.amounts.get(line.pk, (None, ""))[0]
                if cents is None:
                    continue
                linked = bool(cleaned.get(f"advice_{line.pk}"))
                if cents and not linked and outcome != Outcome.REFUSE:
                    self.add_error(
                        f"advice_{line.pk}", _("Link this measure to a line of the advice, or grant nothing for it.")
                    )
                below = rules.grant_below_advice(
                    linked=linked, requested_cents=line.requested_cents, granted_cents=cents
                )
                if outcome != Outcome.REFUSE and below and not cleaned.get(f"advice_why_{line.pk}", "").strip():
                    self.add_error(
                        f"advice_why_{line.pk}",
                        _("Explain why less is granted than the advice prescribes (Awb 3:46, 3:50)."),
                    )
        if self.errors or not outcome:
            return cleaned
        granted = [cents for cents, _reason in self.amounts.values()]
        requested = [line.requested_cents for line in self.lines]
        if outcome == Outcome.GRANT and granted != requested:
            raise forms.ValidationError(_("A grant in full grants every measure its requested amount."))
        if outcome == Outcome.PARTIAL and (granted == requested or not any(granted)):
            raise forms.ValidationError(_("A partial grant grants less than requested, but not nothing."))
        if "views_exception" in self.fields and bool(cleaned.get("views_exception")) != bool(
            cleaned.get("views_not_needed_reason")
        ):
            self.add_error(
                "views_not_needed_reason", _("Give both the ground (4:7(2), 4:11, 4:12) and why it applies.")
            )
        if outcome == Outcome.REFUSE:
            for line in self.lines:
                if not cleaned.get(f"reason_{line.pk}"):
                    self.add_error(f"reason_{line.pk}", _("Give the reason for the refusal."))
        return cleaned

    def facts(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("views_exception", "views_not_needed_reason", "advice_deviation", "conditions")
            if self.cleaned_data.get(name)
        }

    def links(self) -> dict[int, tuple[str, str]] | None:
        """Version B: per line, the advice line it follows and why less is granted than it prescribes."""
        if self.advice is None:
            return None
        return {
            line.pk: (
                self.cleaned_data.get(f"advice_{line.pk}", ""),
                self.cleaned_data.get(f"advice_why_{line.pk}", ""),
            )
            for line in self.lines
        }


class RequestViewsForm(DecisionForm):
    """The intended (partial) refusal: outcome, amount per line and grounds, with the deadline (Awb 4:7, 4:8)."""

    prefix_name = "views"
    amount_label = _("Intended amount for %(line)s")
    deadline = forms.DateField(label=_("Deadline for the views"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (o, label) for o, label in Outcome.choices if o in (Outcome.PARTIAL, Outcome.REFUSE)
        ]
        self.fields["outcome"].label = _("Intended decision")
        self.fields["motivation"].label = _("Grounds of the intended decision")
        for name in ("views_exception", "views_not_needed_reason", "advice_deviation", "conditions"):
            del self.fields[name]
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=settings.VIEWS_DEADLINE_DAYS)

    def clean_deadline(self):
        return future_date(self.cleaned_data["deadline"])

    def intention(self) -> dict:
        return {
            "outcome": self.cleaned_data["outcome"],
            "motivation": self.cleaned_data["motivation"],
            "granted": dict(self.amounts),
            "deadline": self.cleaned_data["deadline"],
            "links": self.links(),
        }


class SettlementForm(LineAmountsForm):
    """The final amount per granted line: at most the grant, by default the invoiced part of it (or what
    was announced). Below the invoice only with a reason per line (Awb 3:46); costs that do not count
    (incurred outside the term, claimed too late) start at € 0 with the reason citing the article."""

    prefix_name = "settle"
    amount_label = _("Final amount for %(line)s")

    def __init__(self, *args, lines, uncovered: dict | None = None, **kwargs):
        self.uncovered = uncovered or {}
        super().__init__(*args, lines=[line for line in lines if line.granted_cents], **kwargs)

    def initial_cents(self, line) -> int:
        announced = line.intended_settled_cents
        if announced is not None:
            return announced
        return 0 if line.pk in self.uncovered else min(line.invoiced_cents or 0, line.granted_cents)

    def maximum(self, line) -> int:
        return line.granted_cents

    def help_for(self, line) -> str:
        text = _("Granted %(granted)s, invoiced %(invoiced)s.") % {
            "granted": format_euros(line.granted_cents),
            "invoiced": format_euros(line.invoiced_cents),
        }
        if line.invoice_date:
            text += " " + _("Invoice dated %(on)s.") % {"on": date_format(line.invoice_date, "j F Y")}
        finding = self.uncovered.get(line.pk)
        if finding is not None:
            text += " " + _("These costs do not count: %(reason)s (%(article)s)") % {
                "reason": finding.assessor_text,
                "article": finding.article,
            }
        return text

    def uncovered_reason(self, line) -> str:
        """For costs that do not count, the reason the letter states, citing the article (prefilled)."""
        finding = self.uncovered.get(line.pk)
        return f"{finding.applicant_text} ({finding.article})" if finding is not None else ""

    def line_fields(self, line, name: str) -> dict:
        return {
            "why": forms.CharField(
                label=_("Why less than invoiced, for %(line)s") % {"line": name},
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
                initial=line.settlement_reason or self.uncovered_reason(line),
                required=False,
                help_text=_("Needed when you settle less than the invoice within the grant (Awb 3:46)."),
            )
        }

    def clean(self):
        cleaned = super().clean()
        self.reasons = {}
        for line in self.lines:
            if line.pk not in self.amounts:
                continue
            why = cleaned.get(f"why_{line.pk}", "").strip()
            below = rules.settles_below_invoice(
                granted_cents=line.granted_cents,
                invoiced_cents=line.invoiced_cents,
                settled_cents=self.amounts[line.pk][0],
            )
            if below and not why:
                self.add_error(f"why_{line.pk}", _("Give the reason for settling less than the invoice."))
            self.reasons[line.pk] = why if below else ""
        return cleaned

    def settlement(self) -> dict:
        return {"settled": {pk: cents for pk, (cents, _r) in self.amounts.items()}, "reasons": dict(self.reasons)}


class SettlementViewsForm(SettlementForm):
    """The intended settlement below the invoice: the amount and reason per line, and the deadline (Awb 4:8)."""

    prefix_name = "settleviews"
    amount_label = _("Intended amount for %(line)s")
    deadline = forms.DateField(label=_("Deadline for the views"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=settings.VIEWS_DEADLINE_DAYS)

    def clean_deadline(self):
        return future_date(self.cleaned_data["deadline"])

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(
            rules.settles_below_invoice(
                granted_cents=line.granted_cents,
                invoiced_cents=line.invoiced_cents,
                settled_cents=self.amounts[line.pk][0],
            )
            for line in self.lines
            if line.pk in self.amounts
        ):
            raise forms.ValidationError(
                _("Views are asked before a settlement below the invoice: set at least one measure below its invoice.")
            )
        return cleaned

    def settlement(self) -> dict:
        return {**super().settlement(), "deadline": self.cleaned_data["deadline"]}


class ReceiveSettlementViewsForm(ReceiveViewsForm):
    prefix_name = "receivesettleviews"


class NoteForm(AccessibleForm):
    prefix_name = "note"
    text = LongTextField(max_length=limits.TEXT, label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}))


class ConflictForm(AccessibleForm):
    prefix_name = "conflict"
    reason = LongTextField(
        max_length=limits.REASON,
        label=_("Why you cannot handle this case"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class AssignForm(AccessibleForm):
    prefix_name = "assign"
    assessor = forms.ModelChoiceField(label=_("Assessor"), queryset=None)

    def __init__(self, *args, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = assessors


# The form of each case-file action that takes input; actions without one are a single button.
ACTION_FORMS = {
    "request_information": RequestInformationForm,
    "complete_information": CompleteInformationForm,
    "declare_not_processed": NotProcessedForm,
    "request_views": RequestViewsForm,
    "receive_views": ReceiveViewsForm,
    "decide": DecisionForm,
    "send_back": SendBackForm,
    "settle": SettlementForm,
    "request_settlement_views": SettlementViewsForm,
    "receive_settlement_views": ReceiveSettlementViewsForm,
    "announce_extension": ExtensionForm,
    "confirm_territory": TerritoryForm,
    "record_advice": AdviceForm,
    "record_default_notice": DefaultNoticeForm,
    "note": NoteForm,
    "conflict": ConflictForm,
    "assign": AssignForm,
}


def action_form(name: str, data=None, *, application, user):
    """The form for one action, bound to `data` when given; None for an action without input."""
    form_class = ACTION_FORMS.get(name)
    if form_class is None:
        return None
    if issubclass(form_class, SettlementForm):
        return form_class(data, lines=application.lines.all(), uncovered=services.uncovered_costs(application))
    if issubclass(form_class, DecisionForm):
        version_b = application.scheme_version == SchemeVersion.TAILORED_ADVICE
        return form_class(
            data, lines=application.lines.all(), advice=services.advice_lines(application) if version_b else None
        )
    if issubclass(form_class, LineAmountsForm):
        return form_class(data, lines=application.lines.all())
    if form_class is AssignForm:
        return form_class(data, assessors=body_assessors(user))
    if form_class is AdviceForm:
        return form_class(data, initial={"advice": application.advice_contents, "reason": application.advice_reference})
    return form_class(data)


class BulkForm(AccessibleForm):
    """Cases ticked in the work list, and what to do with them: assign them, or reissue their letters."""

    prefix_name = "bulk"
    ASSIGN, REISSUE = "assign", "reissue"
    cases = forms.MultipleChoiceField(label=_("Cases"), widget=forms.CheckboxSelectMultiple)
    assessor = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False)
    # Which of the two buttons was pressed; without one (a form sent by Enter) the first: assign.
    action = forms.ChoiceField(choices=[(ASSIGN, ASSIGN), (REISSUE, REISSUE)], widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(str(case.public_id), case.reference) for case in cases]
        self.fields["cases"].error_messages["required"] = _("Tick at least one case.")
        # A coordinator assigns to anyone of the body; an assessor takes cases on themselves.
        assessors = body_assessors(user) if user.is_coordinator else body_assessors(user).filter(pk=user.pk)
        self.fields["assessor"].queryset = assessors

    def clean(self):
        cleaned = super().clean()
        cleaned["action"] = cleaned.get("action") or self.ASSIGN
        if cleaned["action"] == self.ASSIGN and not cleaned.get("assessor"):
            self.add_error("assessor", _("Choose the assessor."))
        return cleaned


class ReminderSettingForm(AccessibleForm):
    prefix_name = "reminder"
    daily_reminder = forms.BooleanField(label=_("Send me the daily reminder e-mail"), required=False)


class MotivationTemplateForm(AccessibleForm):
    prefix_name = "template"
    printed_fields = ("text",)  # it ends up in a decision letter
    reason = forms.ChoiceField(label=_("Reason"), choices=Reason.choices)
    title = forms.CharField(label=_("Title"), max_length=120, help_text=_("For example: No security advice."))
    text = LongTextField(max_length=limits.TEXT, label=_("Motivation text"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, templates, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.templates, self.editing = templates, editing

    def clean(self):
        cleaned = super().clean()
        same = self.templates.filter(reason=cleaned.get("reason"), title=cleaned.get("title"))
        if self.editing is not None:
            same = same.exclude(pk=self.editing.pk)
        if same.exists():
            self.add_error("title", _("There is already a standard motivation with this title for this reason."))
        return cleaned


class TemplateField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_reason_display()}: {obj.title}"


class TemplateChoiceForm(AccessibleForm):
    """The standard motivation to put into the decision form (nothing is decided by choosing)."""

    prefix_name = None
    motivation_template = TemplateField(
        label=_("Standard motivation"),
        queryset=None,
        empty_label=_("(choose a standard motivation)"),
        help_text=_("Replaces the motivation text above; you can change it before you decide."),
        error_messages={
            "required": _("Choose a standard motivation first."),
            "invalid_choice": _("Choose a standard motivation first."),
        },
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motivation_template"].queryset = templates
