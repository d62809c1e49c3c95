"""Requests the application never answers with a page: unexpected methods and invalid characters.

- Only GET, HEAD and POST are served; TRACE, PUT, DELETE, OPTIONS and anything else get
  405 before any view runs (a function view would otherwise treat them like GET).
- A NUL byte or another control character (other than tab, newline and carriage return)
  in any query parameter or form field, name or value, is a 400 with a clear page: such
  input cannot be stored in PostgreSQL text and has no meaning in any form here.
"""

import re

from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.translation import gettext as _

ALLOWED_METHODS = ("GET", "HEAD", "POST")
_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_invalid_characters(querydict) -> bool:
    return any(
        _INVALID.search(key) or any(_INVALID.search(value) for value in values) for key, values in querydict.lists()
    )


class RequestHygieneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        if has_invalid_characters(request.GET) or (request.method == "POST" and has_invalid_characters(request.POST)):
            message = _(
                "The request contains characters that are not allowed (such as a NUL byte). Check what you "
                "entered and try again."
            )
            return render(request, "core/refused.html", {"message": message}, status=400)
        return self.get_response(request)
