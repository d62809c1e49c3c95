from django import template

from regeling.core.money import format_euros

register = template.Library()


@register.filter
def euros(cents):
    return format_euros(cents)
