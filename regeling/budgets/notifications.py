"""Telling a body's coordinators that its budget is overrun.

The mail carries no content: no amounts, no cases, no names; it only links to
the budget page, where the coordinator signs in to see the figures.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from regeling.accounts import mail_outbox
from regeling.accounts.models import UserKind

OVERRUN_MAIL = "budget_overrun"


def tell_coordinators_of_overrun(body_id: int, year: int) -> None:
    """One mail to each active coordinator of the body, in their own language: written to the outbox
    in the caller's transaction, sent by the worker after commit."""
    coordinators = get_user_model().objects.filter(body_id=body_id, kind=UserKind.COORDINATOR, is_active=True)
    link = settings.SITE_URL + reverse("budgets:budgets")
    for coordinator in coordinators:
        with translation.override(coordinator.preferred_language):
            mail_outbox.enqueue(
                OVERRUN_MAIL,
                to=coordinator.email,
                subject=_("The budget for security measures is exceeded"),
                body=_(
                    "The decisions taken for security measures at officeholders' homes now exceed the budget "
                    "your body set for %(year)s. The decisions stand; please review the budget.\n\n"
                    "Sign in to see the figures: %(link)s\n"
                )
                % {"year": year, "link": link},
            )
