"""Choice labels for the pages: a field's `get_<field>_display` that looks its label up in a table.

Django's own builds a dict of every choice on each call, translating every label to hash it
(0.1 ms for the 17 states of a case); the work list asks it for each of its rows. This one builds
that dict once per field and translates only the label it returns: the same text.
"""

from functools import cache

from django.utils.encoding import force_str


@cache
def _labels(model, name: str) -> dict:
    return dict(model._meta.get_field(name).flatchoices)


def choice_display(name: str):
    """`get_<name>_display` for a model's class body, e.g. `get_status_display = choice_display("status")`."""

    def get_display(self) -> str:
        value = getattr(self, name)
        return force_str(_labels(type(self), name).get(value, value), strings_only=True)

    get_display.__name__ = f"get_{name}_display"
    return get_display
