"""One term for the employer body (docs/glossary.md): `body` in code, from the model `Body` and its
columns `body_id` to the templates. "Organisation" stays only in English interface text, where it is
the ordinary word ("your organisation's sign-in"), and in the migrations that renamed it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("regeling", "worker", "templates", "tests", "bench", "tools", "deploy")
PROSE = re.compile(r"[Yy]our organisation")


def organisation_in_code(text: str) -> list[str]:
    return [line for line in text.splitlines() if "organisation" in PROSE.sub("", line).lower()]


def test_the_check_finds_the_old_name_in_code_but_not_in_interface_text():
    assert organisation_in_code("Application.objects.filter(organisation_id=1)")
    assert organisation_in_code("class OrganisationFactory(DjangoModelFactory):")
    assert not organisation_in_code('_("Sign in through your organisation or DigiD")')


def test_no_code_calls_the_employer_body_an_organisation():
    found = []
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            if path == Path(__file__) or "migrations" in path.parts or "node_modules" in path.parts:
                continue
            if path.suffix in {".py", ".html", ".txt", ".mjs", ".json", ".yml"} and path.is_file():
                found += [
                    f"{path.relative_to(ROOT)}: {line.strip()}" for line in organisation_in_code(path.read_text())
                ]
    assert found == []
