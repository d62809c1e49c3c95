"""The files a Dutch public-sector open-source project carries: licence, publiccode.yml,
CONTRIBUTING, SECURITY (matching the served security.txt) and the SBOM of `make security`."""

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from cyclonedx.schema import SchemaVersion
from cyclonedx.spdx import is_supported_id
from cyclonedx.validation.json import JsonStrictValidator
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]

# The fields the publiccode.yml standard (0.4) requires, with its enumerations.
_DESCRIPTION = {
    "type": "object",
    "required": ["shortDescription", "longDescription", "features"],
    "properties": {
        "localisedName": {"type": "string"},
        "genericName": {"type": "string", "maxLength": 35},
        "shortDescription": {"type": "string", "maxLength": 150},
        "longDescription": {"type": "string", "minLength": 150, "maxLength": 10000},
        "features": {"type": "array", "minItems": 1, "items": {"type": "string", "maxLength": 100}},
    },
}
PUBLICCODE_SCHEMA = {
    "type": "object",
    "required": [
        "publiccodeYmlVersion", "name", "url", "platforms", "categories", "developmentStatus",
        "softwareType", "description", "legal", "maintenance", "localisation",
    ],
    "properties": {
        "publiccodeYmlVersion": {"enum": ["0.4", "0.4.0"]},
        "name": {"type": "string", "minLength": 1},
        "url": {"type": "string", "pattern": "^https://"},
        "softwareVersion": {"type": "string"},
        "releaseDate": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "platforms": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "categories": {
            "type": "array",
            "minItems": 1,
            "items": {"enum": ["grant-management", "document-management", "workflow-management", "it-security"]},
        },
        "developmentStatus": {"enum": ["concept", "development", "beta", "stable", "obsolete"]},
        "softwareType": {
            "enum": [
                "standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web",
                "standalone/backend", "standalone/other", "addon", "library", "configurationFiles",
            ]
        },
        "description": {"type": "object", "minProperties": 1, "additionalProperties": _DESCRIPTION},
        "legal": {"type": "object", "required": ["license"], "properties": {"license": {"type": "string"}}},
        "maintenance": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"enum": ["internal", "contract", "community", "none"]},
                "contacts": {
                    "type": "array",
                    "items": {"type": "object", "required": ["name"]},
                },
            },
            # Internal or community maintenance names its contacts.
            "if": {"properties": {"type": {"enum": ["internal", "community"]}}},
            "then": {"required": ["contacts"], "properties": {"contacts": {"minItems": 1}}},
        },
        "localisation": {
            "type": "object",
            "required": ["localisationReady", "availableLanguages"],
            "properties": {
                "localisationReady": {"type": "boolean"},
                "availableLanguages": {
                    "type": "array", "minItems": 1, "items": {"pattern": "^[a-z]{2,3}(-[A-Z]{2})?$"}
                },
            },
        },
    },
}  # fmt: skip


def publiccode() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text())


def test_publiccode_yml_has_every_standard_field_when_validated():
    jsonschema.validate(publiccode(), PUBLICCODE_SCHEMA)


def test_publiccode_yml_describes_the_licence_languages_and_version_of_this_repository():
    document = publiccode()
    assert document["legal"]["license"] == "EUPL-1.2" and is_supported_id("EUPL-1.2")
    assert set(document["description"]) == set(document["localisation"]["availableLanguages"]) == {"nl", "en"}
    version = re.search(r'^version = "(.+)"$', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    assert document["softwareVersion"] == version


def test_licence_is_the_full_eupl_1_2_text():
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    for article in range(1, 16):
        assert re.search(rf"^{article}\. \S", text, re.M), f"article {article} missing"
    assert "Compatible Licences" in text and len(text) > 12_000


def test_security_md_names_the_contact_and_languages_the_server_publishes():
    served = Client().get("/.well-known/security.txt").content.decode()
    contact = re.search(r"^Contact: (?:mailto:)?(.+)$", served, re.M).group(1)
    languages = re.search(r"^Preferred-Languages: (.+)$", served, re.M).group(1)
    policy = (ROOT / "SECURITY.md").read_text()
    assert contact in policy and f"Preferred-Languages: {languages}" in policy
    assert "/.well-known/security.txt" in policy


def test_contributing_points_to_the_tests_the_licence_and_the_security_policy():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    assert "make test" in text and "EUPL-1.2" in text and "SECURITY.md" in text


@pytest.fixture(scope="module")
def sbom(tmp_path_factory) -> dict:
    """The SBOM exactly as `make security` writes it (its command is read from the Makefile)."""
    makefile = (ROOT / "Makefile").read_text()
    line = next(line.strip() for line in makefile.splitlines() if "-m tools.sbom" in line)
    arguments = line.split("-m", 1)[1].split()
    output = tmp_path_factory.mktemp("sbom") / "regeling.cdx.json"
    arguments[arguments.index("-o") + 1] = str(output)
    subprocess.run([sys.executable, "-m", *arguments], cwd=ROOT, check=True, capture_output=True, timeout=300)  # noqa: S603
    return json.loads(output.read_text())


def test_sbom_is_valid_cyclonedx_when_make_security_writes_it(sbom):
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(sbom))
    assert errors is None, errors
    assert sbom["bomFormat"] == "CycloneDX" and sbom["metadata"]["component"]["name"] == "regeling"


def test_sbom_lists_every_pinned_runtime_dependency_with_its_version(sbom):
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]+\])?==(\S+)", (ROOT / "requirements.txt").read_text(), re.M)
    listed = {(component["name"].lower().replace("_", "-"), component["version"]) for component in sbom["components"]}
    missing = [(name, version) for name, version in pins if (name.lower().replace("_", "-"), version) not in listed]
    assert pins and missing == []


def test_sbom_lists_transitive_runtime_packages_with_their_graph_and_no_development_tools(sbom):
    names = {component["name"].lower() for component in sbom["components"]}
    assert {"kombu", "billiard", "vine", "asgiref", "sqlparse", "amqp"} <= names  # celery's and Django's own
    assert not names & {"pytest", "ruff", "mypy", "playwright", "cyclonedx-bom", "bandit"}
    graph = {entry["ref"]: entry.get("dependsOn", []) for entry in sbom["dependencies"]}
    celery = next(c["bom-ref"] for c in sbom["components"] if c["name"] == "celery")
    assert any(ref.startswith("kombu==") for ref in graph[celery])


def test_readme_operating_it_links_the_operations_page_with_its_sections():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Operating it", 1)[1].split("\n## ", 1)[0]
    assert "docs/operations.md" in section and "deploy/kubernetes" in section
    page = (ROOT / "docs" / "operations.md").read_text()
    for heading in (
        "Health checks",
        "Logs",
        "Metrics and traces",
        "Backup and restore",
        "Keys",
        "Deploying on Kubernetes",
    ):
        assert f"\n## {heading}\n" in page, heading
