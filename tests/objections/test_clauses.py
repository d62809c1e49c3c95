"""Each letter's clause says exactly what the system allows (Awb 3:45): the objection clause stands in the
letters an objection can be lodged against, and in no other; a decision on objection names the appeal."""

from pathlib import Path

import pytest
from django.conf import settings

from regeling.letters.models import LetterKind
from regeling.objections.services import CONTESTABLE_KINDS

LETTERS = Path(settings.BASE_DIR) / "templates" / "letters"
KINDS = [kind for kind in LetterKind.values if (LETTERS / f"{kind}.nl.txt").exists()]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_objection_clause_stands_exactly_in_the_letters_that_can_be_objected_to(kind, language):
    source = (LETTERS / f"{kind}.{language}.txt").read_text(encoding="utf-8")
    assert ("letters/_objection." in source) == (kind in CONTESTABLE_KINDS)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_decision_on_objection_names_the_appeal_not_an_objection(language):
    source = (LETTERS / f"objection_decision.{language}.txt").read_text(encoding="utf-8")
    assert "letters/_appeal." in source and "letters/_objection." not in source
