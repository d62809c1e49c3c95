"""The assessor's queue counts for the back-office navigation (one query per page)."""

from django import template

from regeling.review import queues

register = template.Library()


@register.simple_tag
def queue_counts(user) -> dict[str, int]:
    """{"approval": n, "news": n} for an assessor; empty for anyone else (an administrator's import page)."""
    if not getattr(user, "is_assessor", False):
        return {}
    return queues.queue_counts(user)
