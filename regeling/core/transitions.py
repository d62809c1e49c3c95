"""django-fsm, seen through one small module: the checks made before a transition is taken.

Services (applications, objections) and the pages that list the steps a user may
take (the case file) ask here; nothing else reads django-fsm's private
`_django_fsm` attribute. A transition is passed as its bound method
(`application.decide`), so every use of a step can be found by its name.

django-fsm's own `has_transition_perm` also checks the conditions; services
check them later, after they have written the facts the conditions read.
"""

from django.core.exceptions import PermissionDenied

from .exceptions import TransitionRefused


def offered(method):
    """The transition the object's current state offers for this method, or None."""
    meta, instance = method._django_fsm, method.__self__
    return meta.get_transition(meta.field.get_state(instance))


def label(method) -> str:
    """The transition's label (its `custom["label"]`), else its name."""
    transition = offered(method)
    return str(transition.custom.get("label", method.__name__)) if transition else method.__name__


def is_permitted(method, user) -> bool:
    """The state offers the step and its permission function lets `user` take it."""
    transition = offered(method)
    return transition is not None and transition.has_perm(method.__self__, user)


def unmet_conditions(method) -> list:
    """The conditions (guards) of the offered transition that do not hold now."""
    transition = offered(method)
    return [
        condition
        for condition in (transition.conditions if transition else None) or []
        if not condition(method.__self__)
    ]


def check(method, user, *, not_offered: str, not_permitted: str = "") -> None:
    """Refuse a step the state does not offer (TransitionRefused: a 409 with `not_offered`)
    or one this user may not take (PermissionDenied: a 403, with `not_permitted` if given)."""
    if offered(method) is None:
        raise TransitionRefused(not_offered)
    if not is_permitted(method, user):
        raise PermissionDenied(not_permitted) if not_permitted else PermissionDenied
