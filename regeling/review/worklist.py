"""The work list: the body's cases filtered, counted and sorted in the database.

Every figure comes from a fixed number of queries (one for the counts, one for
the page, one for its total), however many cases the body has.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regeling.applications.models import ConflictOfInterest
from regeling.applications.states import OPEN_FOR_ASSESSORS, Status
from regeling.schemes.versions import SchemeVersion

from .access import body_cases

NEARLY_DUE_DAYS = 7
WINDOWS = {"overdue": _("overdue"), "week": _("due within 7 days")}
ASSIGNMENTS = {"me": _("assigned to me"), "unassigned": _("unassigned")}
# What the list shows of a case: never the address, IBAN or advice contents.
ROW_FIELDS = (
    "public_id",
    "reference",
    "status",
    "scheme_version",
    "received_on",
    "decision_due_on",
    "assigned_to_id",
    "applicant__first_name",
    "applicant__last_name",
    "assigned_to__first_name",
    "assigned_to__last_name",
)


@dataclass(frozen=True)
class Filters:
    state: str = ""
    window: str = ""
    assignment: str = ""
    version: str = ""
    reference: str = ""

    @classmethod
    def from_query(cls, query) -> "Filters":
        """Unknown values are ignored rather than refused: a stale bookmark still shows the list."""

        def pick(name, allowed):
            value = query.get(name, "")
            return value if value in allowed else ""

        return cls(
            state=pick("state", Status.values),
            window=pick("window", WINDOWS),
            assignment=pick("assignment", ASSIGNMENTS),
            version=pick("version", SchemeVersion.values),
            reference=query.get("reference", "").strip().upper()[:20],
        )

    def as_query(self) -> dict:
        return {name: value for name, value in vars(self).items() if value}


def _window_q(window: str, today) -> Q:
    open_ = Q(status__in=OPEN_FOR_ASSESSORS)
    if window == "overdue":
        return open_ & Q(decision_due_on__lt=today)
    return open_ & Q(decision_due_on__gte=today, decision_due_on__lte=today + timedelta(days=NEARLY_DUE_DAYS))


def filtered_cases(user, filters: Filters):
    """The body's cases matching `filters`, sorted by decision due date (open cases without one last)."""
    today = timezone.localdate()
    cases = body_cases(user)
    if filters.state:
        cases = cases.filter(status=filters.state)
    if filters.window:
        cases = cases.filter(_window_q(filters.window, today))
    if filters.assignment == "me":
        cases = cases.filter(assigned_to=user)
    elif filters.assignment == "unassigned":
        cases = cases.filter(assigned_to__isnull=True)
    if filters.version:
        cases = cases.filter(scheme_version=filters.version)
    if filters.reference:
        # Reference numbers only: a partial number finds its cases; addresses are never searchable.
        cases = cases.filter(reference__contains=filters.reference)
    conflicted = ConflictOfInterest.objects.filter(application=OuterRef("pk"), assessor=user)
    return (
        cases.select_related("applicant", "assigned_to")
        .only(*ROW_FIELDS)
        .annotate(has_conflict=Exists(conflicted))
        .order_by("decision_due_on", "pk")
    )


def counts(user) -> dict:
    """How many of the body's cases fall under each filter, in one query."""
    today = timezone.localdate()
    aggregates = {f"state_{value}": Count("pk", filter=Q(status=value)) for value in Status.values}
    aggregates |= {f"window_{name}": Count("pk", filter=_window_q(name, today)) for name in WINDOWS}
    aggregates |= {
        "assignment_me": Count("pk", filter=Q(assigned_to=user)),
        "assignment_unassigned": Count("pk", filter=Q(assigned_to__isnull=True)),
    }
    aggregates |= {f"version_{value}": Count("pk", filter=Q(scheme_version=value)) for value in SchemeVersion.values}
    aggregates["all"] = Count("pk")
    return body_cases(user).aggregate(**aggregates)


def urgency(case, today) -> str:
    """'overdue', 'soon' or '' for an open case, from its stored due date."""
    if case.status not in OPEN_FOR_ASSESSORS or case.decision_due_on is None:
        return ""
    days = (case.decision_due_on - today).days
    if days < 0:
        return "overdue"
    return "soon" if days <= NEARLY_DUE_DAYS else ""
