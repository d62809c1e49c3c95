"""`choice_display` gives the label Django's own `get_<field>_display` gives, in every language."""

import pytest
from django.utils import translation

from regeling.applications.models import Application, Document, MeasureLine, StatusChange
from regeling.letters.models import Letter

FIELDS = [
    (Application, "status"),
    (MeasureLine, "measure"),
    (Document, "kind"),
    (StatusChange, "source"),
    (StatusChange, "target"),
    (Letter, "kind"),
    (Letter, "status"),
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("model", "name"), FIELDS)
def test_label_is_djangos_own_when_shown(model, name, language):
    field = model._meta.get_field(name)
    assert f"get_{name}_display" in model.__dict__  # ours, not the one Django adds
    with translation.override(language):
        for value in [*(value for value, _label in field.flatchoices), "no-such-value"]:
            instance = model(**{name: value})
            ours = getattr(instance, f"get_{name}_display")()
            assert ours == instance._get_FIELD_display(field) and type(ours) is str, value
