"""The evaluate_case command: a JSON file (or stdin) in, the evaluation as JSON out."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

CASE = {
    "office": "alderman",
    "body_kind": "municipality",
    "body_province": "Utrecht",
    "application_date": "2023-06-01",
    "appointment_certain_on": "2022-04-01",
    "term_ends_on": "2026-03-31",
    "is_main_residence": True,
    "pkvw_valid_until": "2025-01-01",
    "earlier_reimbursed_cents": 100_000,
    "lines": [
        {"measure": "letterbox_security", "requested_cents": 30_000},
        {"measure": "fire_burglar_safe", "requested_cents": 120_000},
        {"measure": "advice_line", "description": "camera", "requested_cents": 50_000},
    ],
}


def run(*args) -> dict:
    out = io.StringIO()
    call_command("evaluate_case", *args, stdout=out)
    return json.loads(out.getvalue())


def test_prints_version_findings_and_amounts_when_given_a_file(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    result = run(str(path), "--language", "en")
    assert result["scheme_version"] == "A"
    assert result["verdict"] == "partly_met"
    assert [line["eligible_cents"] for line in result["lines"]] == [30_000, 110_000, 0]
    assert result["requested_total_cents"] == 200_000
    assert result["eligible_total_cents"] == 140_000
    cap = next(f for f in result["findings"] if f["rule"] == "is_within_cap")
    assert cap["status"] == "not_met" and cap["reason"] == "above_cap"


def test_reads_standard_input_when_file_is_dash(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({**CASE, "application_date": "2024-01-01", "lines": []})))
    result = run("-")
    assert result["scheme_version"] == "B"


def test_fails_with_clear_message_when_amount_is_a_float(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**CASE, "earlier_reimbursed_cents": 10.5}), encoding="utf-8")
    with pytest.raises(CommandError, match="earlier_reimbursed_cents"):
        run(str(path), "--language", "en")


def test_fails_with_clear_message_when_json_is_broken(tmp_path):
    path = tmp_path / "case.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Not valid JSON"):
        run(str(path))


def test_fails_with_clear_message_when_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.json"))


def test_fails_naming_the_field_when_a_field_is_unknown(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**CASE, "woonplaats": "Utrecht"}), encoding="utf-8")
    with pytest.raises(CommandError, match="woonplaats"):
        run(str(path), "--language", "en")


def test_fails_naming_the_field_when_a_date_is_not_iso(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**CASE, "application_date": "1-6-2023"}), encoding="utf-8")
    with pytest.raises(CommandError, match="application_date"):
        run(str(path), "--language", "en")


def test_fails_listing_the_offices_when_the_office_is_unknown(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**CASE, "office": "king"}), encoding="utf-8")
    with pytest.raises(CommandError, match="alderman"):
        run(str(path), "--language", "en")
