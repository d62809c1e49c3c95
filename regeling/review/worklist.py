"""The work list: the body's cases filtered, counted and sorted in the database.

Every figure comes from a fixed number of queries (one for the counts, one for
the page, one for its total), however many cases the body has.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from regeling.applications import deadlines
from regeling.applications.models import ConflictOfInterest, InformationRequest
from regeling.applications.states import ON_THE_CLOCK, Status
from regeling.schemes.versions import SchemeVersion

from . import queues
from .access import body_cases

WINDOWS = {"overdue": _("overdue"), "week": lazy(lambda: due_soon_label(), str)()}
ASSIGNMENTS = {"me": _("assigned to me"), "unassigned": _("unassigned")}
QUEUES = {"approval": _("Awaiting my second approval"), "news": _("New answers or views")}
# What the list shows of a case: never the address, IBAN or advice contents.
ROW_FIELDS = (
    "public_id",
    "reference",
    "status",
    "scheme_version",
    "received_on",
    "decision_due_on",
    "views_received_at",
    "settlement_views_received_at",
    "settled_at",
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
    queue: str = ""
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
            queue=pick("queue", QUEUES),
            reference=query.get("reference", "").strip().upper()[:20],
        )

    def as_query(self) -> dict:
        return {name: value for name, value in vars(self).items() if value}


def window_q(window: str, today) -> Q:
    open_ = Q(status__in=ON_THE_CLOCK)
    if window == "overdue":
        return open_ & Q(decision_due_on__lt=today)
    return open_ & Q(decision_due_on__gte=today, decision_due_on__lte=today + timedelta(days=settings.DUE_SOON_DAYS))


def filtered_cases(user, filters: Filters):
    """The body's cases matching `filters`, sorted by decision due date (open cases without one last)."""
    today = timezone.localdate()
    cases = body_cases(user)
    if filters.state:
        cases = cases.filter(status=filters.state)
    if filters.window:
        cases = cases.filter(window_q(filters.window, today))
    if filters.assignment == "me":
        cases = cases.filter(assigned_to=user)
    elif filters.assignment == "unassigned":
        cases = cases.filter(assigned_to__isnull=True)
    if filters.version:
        cases = cases.filter(scheme_version=filters.version)
    if filters.queue:
        cases = cases.filter(pk__in=queues.queue_cases(user, filters.queue).values("pk"))
    if filters.reference:
        # Reference numbers only: a partial number finds its cases; addresses are never searchable.
        cases = cases.filter(reference__contains=filters.reference)
    conflicted = ConflictOfInterest.objects.filter(application=OuterRef("pk"), assessor=user)
    unread = InformationRequest.objects.filter(
        application=OuterRef("pk"), answered_by_applicant=True, answer_read_at__isnull=True
    )
    return (
        cases.select_related("applicant", "assigned_to")
        .only(*ROW_FIELDS)
        .annotate(has_conflict=Exists(conflicted), has_new_answer=Exists(unread))
        .order_by("decision_due_on", "pk")
    )


def _bucket(today):
    """The deadline window of a case, as a value the database can group by."""
    open_ = Q(status__in=ON_THE_CLOCK)
    return Case(
        When(open_ & Q(decision_due_on__lt=today), then=Value("overdue")),
        When(
            open_ & Q(decision_due_on__gte=today, decision_due_on__lte=today + timedelta(days=settings.DUE_SOON_DAYS)),
            then=Value("week"),
        ),
        default=Value(""),
    )


def counts(user, filters: Filters) -> dict:
    """How many of the body's cases fall under each filter, and under all chosen filters together.

    One GROUP BY over (state, version, deadline window, assignment) gives every
    figure: each filter is one of those dimensions, so any combination is a sum.
    """
    mine = Case(
        When(assigned_to=user, then=Value("me")),
        When(assigned_to__isnull=True, then=Value("unassigned")),
        default=Value(""),
    )
    groups = list(
        body_cases(user)
        .annotate(window=_bucket(timezone.localdate()), assignment=mine)
        .values("status", "scheme_version", "window", "assignment")
        .annotate(n=Count("pk"))
        .order_by()
    )
    figures = {"all": sum(group["n"] for group in groups)}
    dimensions = {"state": "status", "version": "scheme_version", "window": "window", "assignment": "assignment"}
    for prefix, column in dimensions.items():
        for group in groups:
            key = f"{prefix}_{group[column]}"
            figures[key] = figures.get(key, 0) + group["n"]
    chosen = {column: getattr(filters, prefix) for prefix, column in dimensions.items() if getattr(filters, prefix)}
    figures["matching"] = sum(
        group["n"] for group in groups if all(group[column] == value for column, value in chosen.items())
    )
    return figures


def urgency(case, today) -> str:
    """'overdue', 'soon' or '' for an open case, from its stored due date."""
    if case.status not in ON_THE_CLOCK or case.decision_due_on is None:
        return ""
    days = (case.decision_due_on - today).days
    if days < 0:
        return "overdue"
    return "soon" if days <= settings.DUE_SOON_DAYS else ""


def due_soon_label() -> str:
    """'due within N days', N the body's setting DUE_SOON_DAYS (the work list, its export and the reminder)."""
    return _("due within %(days)d days") % {"days": settings.DUE_SOON_DAYS}


def payment_due(case) -> date | None:
    """Awb 4:87(1): a settled amount is paid within six weeks of the settlement decision; None when not settled."""
    if case.status != Status.SETTLED or case.settled_at is None:
        return None
    return timezone.localdate(case.settled_at) + deadlines.PAYMENT_TERM
