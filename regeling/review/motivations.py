"""A body's standard motivations per reason code: coordinators keep them, an assessor inserts one
into the decision form and edits it there before deciding (the decision's text stays the assessor's).

Keeping them is a change of the body's texts: each save and removal is atomic and audited.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from regeling.audit import log as audit

from .models import MotivationTemplate


def body_templates(user):
    """The standard motivations of the user's body, by reason code and title."""
    return MotivationTemplate.objects.filter(body_id=user.body_id)


def _require_coordinator(user) -> None:
    if not user.is_coordinator:
        raise PermissionDenied


@transaction.atomic
def save_template(*, by, template: MotivationTemplate | None = None, reason: str, title: str, text: str):
    """Create a standard motivation for the coordinator's body, or change one of it."""
    _require_coordinator(by)
    if template is None:
        template = MotivationTemplate(body_id=by.body_id)
    elif template.body_id != by.body_id:
        raise PermissionDenied
    created = template.pk is None
    template.reason, template.title, template.text, template.updated_by = reason, title, text, by
    template.save()
    audit.record("motivation_template.create" if created else "motivation_template.update", actor=by, obj=template)
    return template


@transaction.atomic
def delete_template(template: MotivationTemplate, *, by) -> None:
    _require_coordinator(by)
    if template.body_id != by.body_id:
        raise PermissionDenied
    audit.record("motivation_template.delete", actor=by, obj=template, reason=template.reason)
    template.delete()
