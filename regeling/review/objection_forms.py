"""Forms for the objection actions of the case file (Awb 6:6-7:15). Amounts in euros, handed on as cents."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regeling.core import limits
from regeling.core.forms import LongTextField
from regeling.core.glyphs import validate_printable
from regeling.core.money import format_euros
from regeling.letters.models import LetterKind
from regeling.objections.states import Channel, HearingSkip, ObjectionOutcome

from .forms import AccessibleForm, DateInput, DefaultNoticeForm, clean_euros, future_date

YES_NO = [("yes", _("yes")), ("no", _("no"))]
GROUND_ROWS = 3


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def past_or_today(value):
    if value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot lie in the future."))
    return value


class RegisterObjectionForm(AccessibleForm):
    prefix_name = "register"
    received_on = forms.DateField(label=_("Date of receipt"), widget=DateInput)
    channel = forms.ChoiceField(label=_("Received"), choices=[c for c in Channel.choices if c[0] != Channel.PORTAL])
    grounds = LongTextField(
        max_length=limits.TEXT,
        label=_("Grounds of objection (as written by the objector)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Leave empty if the objection states no grounds: then ask for repair (Awb 6:6)."),
    )
    costs_requested = forms.BooleanField(
        label=_("The objector asks for the costs of legal help (Awb 7:15)"), required=False
    )

    def clean_received_on(self):
        return past_or_today(self.cleaned_data["received_on"])


class RepairForm(AccessibleForm):
    prefix_name = "repair"
    printed_fields = ("message",)
    message = LongTextField(
        max_length=limits.REASON, label=_("What must be repaired (Awb 6:5)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(label=_("Repair deadline"), widget=DateInput)

    def clean_deadline(self):
        return future_date(self.cleaned_data["deadline"])


class CompleteRepairForm(AccessibleForm):
    prefix_name = "repaired"
    grounds = LongTextField(
        max_length=limits.TEXT, label=_("What was received"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class HearingForm(AccessibleForm):
    prefix_name = "hearing"
    printed_fields = ("place",)
    at = forms.DateTimeField(
        label=_("Date and time of the hearing"), widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M"]
    )
    place = forms.CharField(label=_("Place, or how the video call works"), max_length=200)
    by_video = forms.BooleanField(label=_("By video call"), required=False)


class HearingReportForm(AccessibleForm):
    prefix_name = "report"
    report = LongTextField(
        max_length=limits.TEXT, label=_("Report of the hearing (Awb 7:7)"), widget=forms.Textarea(attrs={"rows": 5})
    )


class SkipHearingForm(AccessibleForm):
    prefix_name = "skip"
    reason = forms.ChoiceField(label=_("Ground for leaving out the hearing (Awb 7:3)"), choices=HearingSkip.choices)
    note = LongTextField(
        max_length=limits.REASON, label=_("Why this ground applies"), widget=forms.Textarea(attrs={"rows": 2})
    )


class LatenessForm(AccessibleForm):
    prefix_name = "late"
    printed_fields = ("reason",)
    excusable = forms.ChoiceField(label=_("Is the lateness excusable (Awb 6:11)?"), choices=YES_NO)
    reason = LongTextField(max_length=limits.REASON, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AdviceForm(AccessibleForm):
    prefix_name = "advice"
    printed_fields = ("advice", "departure")
    advice = LongTextField(
        max_length=limits.TEXT, label=_("Advice of the committee (Awb 7:13)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    followed = forms.ChoiceField(label=_("Is the advice followed?"), choices=YES_NO)
    departure = LongTextField(
        max_length=limits.REASON, label=_("Why not"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ExtendForm(AccessibleForm):
    prefix_name = "extend"
    printed_fields = ("reason",)
    reason = LongTextField(
        max_length=limits.REASON,
        label=_("Reason for extending by six weeks (Awb 7:10(3))"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ObjectionDefaultNoticeForm(DefaultNoticeForm):
    prefix_name = "objdefault"


class ObjectionSendBackForm(AccessibleForm):
    prefix_name = "objsendback"
    reason = LongTextField(
        max_length=limits.REASON, label=_("Why it goes back"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideObjectionForm(AccessibleForm):
    """The outcome, each ground with its answer, and (when founded) the new amount per measure with why."""

    prefix_name = "objdecide"
    printed_fields = ("motivation", "peius_ground")
    outcome = forms.ChoiceField(label=_("Outcome (Awb 7:11)"), choices=ObjectionOutcome.choices)
    motivation = LongTextField(max_length=limits.TEXT, label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 4}))
    peius_ground = LongTextField(
        max_length=limits.REASON,
        label=_("Legal ground for a lower amount than in the contested decision (leave empty: never lower)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    professional_help = forms.BooleanField(
        label=_("The objector had professional legal help (Awb 7:15)"), required=False
    )

    def __init__(self, *args, objection, **kwargs):
        super().__init__(*args, **kwargs)
        self.settlement = objection.contested_kind == LetterKind.SETTLEMENT
        self.lines = list(objection.application.lines.all())
        for number in range(1, GROUND_ROWS + 1):
            self.fields[f"ground_{number}"] = LongTextField(
                max_length=limits.REASON,
                label=_("Ground %(number)s, summarised") % {"number": number},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
            self.fields[f"answer_{number}"] = LongTextField(
                max_length=limits.TEXT,
                label=_("Answer to ground %(number)s") % {"number": number},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        for line in self.lines:
            name = line.description or str(line)
            self.fields[f"amount_{line.pk}"] = forms.CharField(
                max_length=30,
                label=_("Amount after objection for %(line)s") % {"line": name},
                initial=format_euros(self.contested(line)).replace("€ ", ""),
                help_text=_("Contested: %(contested)s; at most %(max)s.")
                % {"contested": format_euros(self.contested(line)), "max": format_euros(self.ceiling(line))},
            )
            self.fields[f"why_{line.pk}"] = LongTextField(
                max_length=limits.REASON,
                label=_("Why this amount for %(line)s (when it changes)") % {"line": name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

        # What the letter prints must be drawable in its fonts (as `printed_fields`).
        for name, field in self.fields.items():
            if name.startswith(("ground_", "answer_", "why_")):
                field.validators.append(validate_printable)

    def contested(self, line) -> int:
        return (line.settled_cents if self.settlement else line.granted_cents) or 0

    def ceiling(self, line) -> int:
        return (line.granted_cents or 0) if self.settlement else line.requested_cents

    def clean(self):
        cleaned = super().clean()
        self.revised = {}
        for line in self.lines:
            key = f"amount_{line.pk}"
            if key not in cleaned:
                continue
            try:
                cents = clean_euros(cleaned[key], maximum=self.ceiling(line), zero_allowed=True)
            except forms.ValidationError as error:
                self.add_error(key, error)
                continue
            if cents != self.contested(line):
                self.revised[line.pk] = (cents, cleaned.get(f"why_{line.pk}", ""))
        self.grounds = [
            (cleaned.get(f"ground_{n}", ""), cleaned.get(f"answer_{n}", "")) for n in range(1, GROUND_ROWS + 1)
        ]
        return cleaned


FORMS = {
    "register": RegisterObjectionForm,
    "request_repair": RepairForm,
    "complete_repair": CompleteRepairForm,
    "invite_to_hearing": HearingForm,
    "record_hearing": HearingReportForm,
    "skip_hearing": SkipHearingForm,
    "judge_lateness": LatenessForm,
    "record_advice": AdviceForm,
    "extend_term": ExtendForm,
    "record_default_notice": ObjectionDefaultNoticeForm,
    "decide": DecideObjectionForm,
    "send_back": ObjectionSendBackForm,
}


def objection_form(name: str, data=None, *, objection=None):
    form_class = FORMS.get(name)
    if form_class is None:
        return None
    if form_class is DecideObjectionForm:
        return form_class(data, objection=objection)
    return form_class(data)
