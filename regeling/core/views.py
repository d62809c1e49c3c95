"""Views shared by every portal."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


@login_required
def home(request):
    """Send each user to the portal of their kind."""
    if request.user.is_assessor:
        return redirect("review:work_list")
    return redirect("applications:list")
