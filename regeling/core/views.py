"""Views shared by every portal."""

from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@login_required
def home(request):
    """Send each user to the portal of their kind."""
    if request.user.is_assessor:
        return redirect("review:work_list")
    if request.user.is_national:  # aggregated figures only
        return redirect("figures:national")
    return redirect("applications:list")


@require_GET
@cache_control(max_age=86_400, public=True)
def security_txt(request):
    """RFC 9116: where to report a vulnerability. Expires a year ahead, so it never goes stale."""
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {settings.SITE_URL.rstrip('/')}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# The statements every government service publishes, written out per language like the letters'
# long texts (templates/core/statements/<name>.<language>.html); reachable without signing in.
@require_GET
def statement(request, name: str):
    language = "en" if get_language() == "en" else "nl"
    body = getattr(request.user, "body", None)
    return render(
        request,
        f"core/statements/{name}.{language}.html",
        {"body": body, "retention_years": settings.RETENTION_DAYS // 365},
    )
