"""The assessor's queue counts for the back-office navigation (one query per page)."""

from django import template

from regeling.review import queues

register = template.Library()


@register.simple_tag(takes_context=True)
def queue_counts(context, user) -> dict[str, int]:
    """{"approval": n, "news": n} for an assessor; empty for anyone else (an administrator's import page).
    A page that counted them already (the work list) passes them as `in_queue`."""
    if not getattr(user, "is_assessor", False):
        return {}
    return context.get("in_queue") or queues.queue_counts(user)
