"""The layer contract (pyproject.toml, run by `make lint`) holds, and breaks on the imports it forbids.

Each failing case copies the code to a temporary folder, adds one probe module and runs
lint-imports there, so the working tree is never touched.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from regeling.earlier import queueing
from regeling.letters import outbox
from worker.celery import app

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", "pyproject.toml", "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )


def copy_with_probe(tmp_path: Path, probe: str, source: str) -> Path:
    for package in ("regeling", "worker"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / probe).write_text(source)
    return tmp_path


def test_contracts_are_kept_when_run_on_the_code():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_lint_fails_when_a_lower_app_imports_a_higher_one(tmp_path):
    copy_with_probe(tmp_path, "regeling/core/probe.py", "from regeling.applications import states\n")

    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "regeling.core is not allowed to import regeling.applications" in result.stdout


def test_lint_fails_when_the_web_side_imports_the_worker(tmp_path):
    copy_with_probe(tmp_path, "regeling/letters/probe.py", "from worker import tasks\n")

    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "regeling.letters is not allowed to import worker" in result.stdout


def test_lint_fails_when_reportlab_is_imported_outside_worker_letters(tmp_path):
    copy_with_probe(tmp_path, "regeling/payments/probe.py", "import reportlab\n")

    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert re.search(r"regeling\.payments\.probe -> reportlab", result.stdout)


def test_lint_fails_when_an_import_hides_inside_a_function(tmp_path):
    copy_with_probe(tmp_path, "regeling/core/probe.py", "def later():\n    from regeling.review import views\n")

    result = lint_imports(tmp_path)
    assert result.returncode != 0, "an import inside a function is still an upward import"


def test_make_lint_runs_the_contracts_when_called():
    lint = re.search(r"^lint:.*?(?=^\S)", (ROOT / "Makefile").read_text(), re.S | re.M).group(0)
    assert "lint-imports" in lint


def test_worker_registers_every_task_the_web_side_publishes_by_name():
    app.loader.import_default_modules()
    assert outbox.RENDER_LETTER_TASK in app.tasks
    assert queueing.IMPORT_TASK in app.tasks
