from django import template

from regeling.core.money import format_euros

register = template.Library()


@register.filter
def euros(cents):
    return format_euros(cents)


@register.filter
def iban_groups(iban):
    """An IBAN as it is printed on a bank card, in groups of four (NL91 ABNA 0417 1643 00), so the
    officeholder can check it against their own at a glance."""
    compact = "".join(str(iban or "").split())
    return " ".join(compact[start : start + 4] for start in range(0, len(compact), 4))
