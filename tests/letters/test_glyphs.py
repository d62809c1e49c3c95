"""A character the letter fonts cannot draw is refused where it is typed (regeling/core/glyphs.py),
and the forms' character set is exactly the fonts' one."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from regeling.applications.forms import AdviceLineForm
from regeling.core.glyphs import printable, validate_printable
from tests.letters.test_accessible_pdf import NAMES
from worker.letters import styles


def test_forms_know_the_characters_of_the_letter_fonts_when_fonts_are_installed():
    # After a font change: python -m worker.letters.styles > regeling/core/letter_glyphs.txt
    assert printable() == styles.drawable()


@pytest.mark.parametrize("name", NAMES)
def test_name_is_accepted_when_the_fonts_draw_its_script(name):
    validate_printable(name)


def test_character_is_refused_in_dutch_when_no_letter_font_draws_it():
    with translation.override("nl"):
        with pytest.raises(ValidationError) as refused:
            validate_printable("Li Wei 李伟")
        message = refused.value.messages[0]

    assert "“李” (U+674E)" in message and "“伟” (U+4F1F)" in message
    assert message.startswith("Een brief kan dit teken niet afdrukken")


def test_measure_form_shows_the_error_when_description_has_an_undrawable_character():
    form = AdviceLineForm(data={"description": "Camera 📷", "amount": "100,00"})

    assert not form.is_valid() and "U+1F4F7" in form.errors["description"][0]
