"""The error summary at the top of a page (GOV.UK Design System pattern), for any form."""

from django import template

from regeling.core.forms import error_list

register = template.Library()


@register.inclusion_tag("core/error_summary.html")
def error_summary(*forms, extra=None):
    """Every error of `forms`, each linked to its field's first input; `extra` is a
    (message, [(anchor, label), …]) pair for a refusal that belongs to no field."""
    return {"errors": error_list(*forms), "extra": extra}
