"""The form renderer: Django's own widget templates, with the most used ones flattened.

Django renders every widget's attributes, and every <option> of a select, through an
`{% include %}` of its own; a case file renders some 120 of them. The templates in
widget_templates/ write the same markup inline (tests/core/test_renderers.py compares them with
Django's), and come before Django's own; every other widget template is Django's.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property


class FormRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(__file__).parent / "widget_templates", Path(django.forms.__file__).parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
