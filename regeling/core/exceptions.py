"""Exceptions every app may raise, like Django's own `django.core.exceptions`.

They live at the bottom layer so that any app can raise or catch them without
importing an app above it.
"""


class TransitionRefused(Exception):
    """The case (or a budget, a letter, a batch) is not in a state that allows this step now.

    The message is shown to the user as it is; the middleware turns it into a 409 page, never a 500.
    """
