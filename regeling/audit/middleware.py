"""Refused requests are audited too: a 403 (PermissionDenied) or a refused transition (409).

Recorded through `record_denied`, aggregated per person and action so a flood of guesses
leaves a handful of rows. A view that already recorded its own refusal is not recorded twice.
The entry names the URL pattern, never the path (which may hold an id someone guessed).
"""

from django.core.exceptions import PermissionDenied

from regeling.core.exceptions import TransitionRefused

from .log import record_denied


class DeniedAccessAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if getattr(request, "audit_denied_recorded", False):
            return None
        view = request.resolver_match.view_name if request.resolver_match else ""
        if isinstance(exception, TransitionRefused):
            record_denied("transition.refused", request=request, view=view)
        elif isinstance(exception, PermissionDenied):
            record_denied("access.refused", request=request, view=view)
        return None  # the page itself comes from the next handler
