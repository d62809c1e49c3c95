"""Templates compare status, outcome and kind values against the enums, never against a quoted value
(issue 11): a renamed or mistyped value then fails here instead of silently never matching.

Pages get the enums from the context processor (regeling/operations/context_processors.py); a letter
renders without a request and gets them from regeling/applications/lettertexts.py (ENUMS).
"""

import enum
import importlib
import pkgutil
import re
from pathlib import Path

import regeling
import worker
from regeling.applications.lettertexts import ENUMS as LETTER_ENUMS
from regeling.applications.lettertexts import BlockKind
from regeling.operations.context_processors import ENUMS as PAGE_ENUMS

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CONDITION = re.compile(r"{%\s*(?:el)?if\b(.*?)%}", re.DOTALL)
# A quoted literal on either side of ==, != or in.
COMPARED_LITERAL = re.compile(
    r"""(?:(?:==|!=|\bin)\s*(?P<q1>["'])(?P<right>.*?)(?P=q1))|(?:(?P<q2>["'])(?P<left>.*?)(?P=q2)\s*(?:==|!=|\bin\b|\bnot\s+in\b))"""
)
ENUM_MEMBER = re.compile(r"\b([A-Z][A-Za-z]+)\.([A-Z][A-Z0-9_]*)\b")
# Literals that equal an enum's value by chance and are not one.
NOT_ENUM_VALUES = {
    ("applications/detail.html", "answer"),  # the applicant's action names (case_views.ACTIONS)
    ("applications/detail.html", "views"),
    ("applications/detail.html", "settlement_views"),
    ("applications/detail.html", "settlement"),
    ("applications/detail.html", "objection"),
    ("figures/figures.html", "national"),  # the page's scope, a part of its URL
}


def project_str_enums() -> list[type[enum.Enum]]:
    """Every enum with text values defined in regeling/ or worker/ (TextChoices and StrEnum)."""
    for package in (regeling, worker):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" not in module.name and not module.name.startswith(("regeling.settings", "regeling.wsgi")):
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return [
        cls
        for cls in subclasses(enum.Enum)
        if cls.__module__.startswith(("regeling.", "worker.")) and any(isinstance(m.value, str) for m in cls)
    ]


def template_files():
    return sorted(path for path in TEMPLATES.rglob("*") if path.is_file() and path.suffix in (".html", ".txt"))


def compared_literals(source: str):
    for condition in CONDITION.finditer(source):
        for match in COMPARED_LITERAL.finditer(condition[1]):
            yield match["right"] if match["right"] is not None else match["left"]


def test_compared_literals_are_found_when_a_template_compares_a_quoted_value():
    source = '{% if o.outcome == "founded" or "post" == o.channel %}x{% elif "views" in actions %}{% endif %}'
    assert list(compared_literals(source)) == ["founded", "post", "views"]
    assert list(compared_literals("{% if o.outcome == ObjectionOutcome.FOUNDED %}{% translate 'founded' %}")) == []


def test_no_template_compares_against_an_enum_value_when_written_as_a_quoted_literal():
    values = {member.value: cls.__name__ for cls in project_str_enums() for member in cls}
    found = [
        f"{path.relative_to(TEMPLATES)}: {literal!r} is a value of {values[literal]}"
        for path in template_files()
        for literal in compared_literals(path.read_text())
        if literal in values and (path.relative_to(TEMPLATES).as_posix(), literal) not in NOT_ENUM_VALUES
    ]
    assert found == []


def test_every_enum_a_template_names_is_in_its_context_when_rendered():
    """A name missing from the context, or a member that does not exist, renders as "" and never matches."""
    missing = []
    for path in template_files():
        name = path.relative_to(TEMPLATES).as_posix()
        if name == "letters/twin.html":
            known = {"BlockKind": BlockKind}
        elif name.startswith("letters/") and name.endswith(".txt"):
            known = LETTER_ENUMS
        else:
            known = PAGE_ENUMS
        for tag in re.findall(r"{%.*?%}", path.read_text(), re.DOTALL):
            for enum_name, member in ENUM_MEMBER.findall(tag):
                if enum_name not in known or not hasattr(known[enum_name], member):
                    missing.append(f"{name}: {enum_name}.{member}")
    assert missing == []
