"""`manage.py evaluate_case FILE.json` (or `-` for stdin): a hypothetical case in, the findings out, as JSON."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from regeling.schemes.evaluation import CaseError, CaseFacts, evaluate


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # pure evaluation: needs no database or URLs
    help = "Evaluate a hypothetical case (JSON, see docs/evaluate_case.md) and print the findings as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the case as JSON, or - to read standard input")
        parser.add_argument("--language", default="nl", choices=["nl", "en"], help="language of the texts")

    def handle(self, *args, file, language, **options):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        with translation.override(language):
            try:
                case = CaseFacts.from_json(json.loads(text))
            except json.JSONDecodeError as exc:
                raise CommandError(f"Not valid JSON: {exc}") from exc
            except CaseError as exc:
                raise CommandError(str(exc)) from exc
            result = evaluate(case).to_json()
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
