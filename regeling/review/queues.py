"""An assessor's own queues: decisions awaiting *my* second approval, and my cases with news.

- Awaiting my approval: a decision another assessor proposed that I may approve (four eyes:
  never my own proposal, never a case I declared a conflict on or applied for myself), and a
  decision on objection another proposed, when I took no part in the contested decision
  (Awb 10:3(3), the objections' own `can_approve_objection`).
- News: a case assigned to me where the applicant answered an information request, or views
  (Awb 4:7, 4:8) were received, after I last opened its case file (`CaseVisit`).

Both counts come from one query, so the navigation can show them on every page.
"""

from functools import cache

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from regeling.accounts.models import User, UserKind
from regeling.applications.models import ConflictOfInterest, StatusChange
from regeling.applications.states import Status
from regeling.objections.models import Objection
from regeling.objections.permissions import PRIMARY_DECISION_TRANSITIONS
from regeling.objections.states import ObjectionStatus

from .access import body_cases
from .models import CaseVisit

QUEUES = ("approval", "news")


def _annotated(user):
    last_opened = CaseVisit.objects.filter(application=OuterRef("pk"), user=user).values("opened_at")[:1]
    # The applicant's own answer to an information request completes it (services.complete_information).
    answers = StatusChange.objects.filter(
        application=OuterRef("pk"), transition="complete_information", actor=OuterRef("applicant_id")
    )
    return (
        body_cases(user)
        .exclude(applicant=user)
        .annotate(
            conflicted=Exists(ConflictOfInterest.objects.filter(application=OuterRef("pk"), assessor=user)),
            last_opened=Subquery(last_opened),
            answered=Exists(answers),
            answered_since=Exists(answers.filter(at__gt=OuterRef("last_opened"))),
            objection_proposed_by_another=Exists(
                Objection.objects.filter(application=OuterRef("pk"), status=ObjectionStatus.AWAITING_APPROVAL).exclude(
                    proposed_by=user
                )
            ),
            took_part=Exists(
                StatusChange.objects.filter(
                    application=OuterRef("pk"), actor=user, transition__in=PRIMARY_DECISION_TRANSITIONS
                )
            ),
        )
        .filter(conflicted=False)
    )


def _approval_q(user) -> Q:
    decision = Q(status=Status.AWAITING_APPROVAL) & ~Q(proposed_by=user)
    # Awb 10:3(3): whoever proposed, approved, decided or settled on the case does not approve its objection.
    took_part = Q(took_part=True) | Q(proposed_by=user) | Q(approved_by=user) | Q(decided_by=user) | Q(settled_by=user)
    return decision | (Q(objection_proposed_by_another=True) & ~took_part)


def _news_q(user) -> Q:
    views = Q(views_received_at__isnull=False) | Q(settlement_views_received_at__isnull=False)
    never_opened = Q(last_opened__isnull=True) & (Q(answered=True) | views)
    since = (
        Q(answered_since=True)
        | Q(views_received_at__gt=F("last_opened"))
        | Q(settlement_views_received_at__gt=F("last_opened"))
    )
    return Q(assigned_to=user) & (never_opened | since)


def queue_cases(user, queue: str):
    """The cases in one of the user's queues."""
    condition = _approval_q(user) if queue == "approval" else _news_q(user)
    return _annotated(user).filter(condition)


def _count(user) -> dict[str, int]:
    return _annotated(user).aggregate(
        approval=Count("pk", filter=_approval_q(user)), news=Count("pk", filter=_news_q(user))
    )


# Stand-ins for the user's id and their body's id while the counting query is built, put in its
# parameters in place of the real ids; nothing else about the user shapes that query.
_USER_ID, _BODY_ID = -7_310_001, -7_310_002


class _Captured(Exception):  # noqa: N818 - not an error: it carries the query, unsent, out of `_count`
    pass


@cache
def _counting_sql(vendor: str) -> tuple[str, tuple]:
    """The SQL and parameters `_count` would send for a stand-in assessor, captured (not sent) once
    per process.

    Building that query with the ORM costs about 7 ms of CPU (six subqueries) on every back-office
    page, while its SQL depends on nothing about the user but the two ids."""

    def capture(execute, sql, params, many, context):
        raise _Captured(sql, tuple(params))

    # A test counting queries (CaptureQueriesContext) would count the unsent one too.
    logging, connection.force_debug_cursor = connection.force_debug_cursor, False
    try:
        with connection.execute_wrapper(capture):
            _count(User(pk=_USER_ID, body_id=_BODY_ID, kind=UserKind.ASSESSOR))
    except _Captured as captured:
        sql, params = captured.args
    finally:
        connection.force_debug_cursor = logging
    return sql, params


def queue_counts(user) -> dict[str, int]:
    """How many cases are in each of the user's queues, in one query (the same as `_count` sends)."""
    if not user.is_assessor:
        return _count(user)  # refused there, as before
    sql, params = _counting_sql(connection.vendor)
    ids = {_USER_ID: user.pk, _BODY_ID: user.body_id}
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids.get(param, param) if type(param) is int else param for param in params])
        approval, news = cursor.fetchone()
    return {"approval": approval, "news": news}


def record_visit(application, user) -> None:
    """The assessor opened the case file now: what arrived before is no longer new to them."""
    # One upsert: the same single query at the first visit and every later one.
    CaseVisit.objects.bulk_create(
        [CaseVisit(application=application, user=user, opened_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["application", "user"],
        update_fields=["opened_at"],
    )
