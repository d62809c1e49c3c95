"""Turns refusals from services into a clear page with a 4xx, never a 500."""

from django.shortcuts import render

from regeling.applications.services import TransitionRefused


class TransitionRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TransitionRefused):
            return render(request, "core/refused.html", {"message": str(exception)}, status=409)
        return None
