"""The request's log context: a request id, the user id and the user's role, never who they are.

django-structlog's middleware binds the request id and user id for every log line of the
request and passes them on to the tasks it queues. This subclass adds the role and logs the
matched URL pattern instead of the path: a path or query string can carry a token or a
search term, a pattern never does ("GET aanvragen/<uuid:public_id>/").
"""

import structlog
from django.urls import Resolver404, resolve
from django_structlog.middlewares import RequestMiddleware


def route_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "(no route)"
    return match.route or "(no route)"


class RequestLogMiddleware(RequestMiddleware):
    @staticmethod
    def format_request(request) -> str:
        return f"{request.method} {route_of(request)}"

    @staticmethod
    def bind_user_id(request) -> None:
        RequestMiddleware.bind_user_id(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            structlog.contextvars.bind_contextvars(role=user.kind)
