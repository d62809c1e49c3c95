"""The pip-audit wrapper never reports a clean result for packages it could not audit."""

from tools.dependency_audit import summarise


def test_skipped_packages_counted_as_unaudited_when_the_advisory_service_is_unreachable():
    report = {
        "dependencies": [
            {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"},
            {"name": "segno", "version": "1.6.6", "vulns": []},
        ]
    }
    vulnerable, unaudited, audited = summarise(report)
    assert (vulnerable, unaudited, audited) == ([], ["django"], 1)


def test_vulnerability_listed_with_its_fix_when_pip_audit_finds_one():
    report = {
        "dependencies": [
            {"name": "pillow", "version": "1.0", "vulns": [{"id": "PYSEC-1", "fix_versions": ["1.1"]}]},
        ]
    }
    vulnerable, _, _ = summarise(report)
    assert vulnerable == ["pillow 1.0: PYSEC-1 (fixed in 1.1)"]
