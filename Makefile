# The README's two commands: `make run` (the whole system) and `make test` (linters and every test).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export DJANGO_SETTINGS_MODULE ?= regeling.settings.base
# Procfile commands (gunicorn, celery) come from the virtual environment.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: run test deps lint typecheck fmt worker web beat migrate demo bench clean messages e2e-deps scanner-deps security letter-fonts check-letter oidc-deps

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

# The letters embed Noto Sans Arabic and Hebrew from Debian's fonts-noto-core (pinned).
NOTO_VERSION := 20201225-1
letter-fonts:
	@test -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf || { command -v apt-get >/dev/null && \
		(apt-get update -qq && apt-get install -y -qq fonts-noto-core=$(NOTO_VERSION)); } || \
		{ echo "Install Debian's fonts-noto-core=$(NOTO_VERSION): the letters embed its Arabic and Hebrew fonts." >&2; exit 1; }

deps: $(VENV)/.installed letter-fonts

# Development secrets, generated once, kept out of the repository (var/ is ignored).
var/.env: | $(VENV)/.installed
	mkdir -p var && $(PY) -m tools.devsecrets > $@.tmp && mv $@.tmp $@

# PostgreSQL: an owner role runs migrations, web/worker/beat log in as an application role
# that owns nothing (var/db-roles.env, docs/security.md). SQLite: no roles, the file is empty.
ROLES := set -a && { [ ! -f var/db-roles.env ] || . ./var/db-roles.env; } && set +a &&

migrate: deps var/.env
	$(PY) manage.py create_db_roles --env-file var/db-roles.env
	$(ROLES) $(PY) manage.py migrate --noinput $${DATABASE_OWNER_URL:+--database owner}

demo: migrate
	$(ROLES) $(PY) manage.py seed_demo

# Containers log JSON lines (the default); on a developer's terminal, readable lines.
run web worker beat: export LOG_FORMAT ?= console

run: demo
	mkdir -p var/broker/processed var/broker/control var/private
	$(PY) manage.py collectstatic --noinput -v 0
	$(ROLES) $(BIN)/honcho start -f Procfile

web worker beat: deps var/.env
	$(ROLES) $(BIN)/honcho start -f Procfile $@

# What can drift: the layer contracts (pyproject.toml), a model change without its migration,
# and the production settings (Django's deploy checks, with throw-away secrets: only the
# settings are checked, nothing is deployed). Production names its clamd, so the lint does too:
# without one the deploy check warns (regeling.W102) and the lint fails, as it should.
LINT_SECRETS := DJANGO_SECRET_KEY=lint-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	FIELD_ENCRYPTION_KEYS=jK_bTi3lJUflOTux6hVbhHs5gLQKf_ol6L0mmOxCVoQ= RESIDENCE_HASH_KEY=lint-only \
	AUDIT_CHAIN_KEYS=lint-only CLAMD_SOCKET=/run/clamav/clamd.ctl
lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=regeling.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(LINT_SECRETS) DJANGO_SETTINGS_MODULE=regeling.settings.production $(PY) manage.py check --deploy --fail-level WARNING

# mypy with django-stubs on the modules listed in pyproject.toml ([tool.mypy] files): a list that only grows.
typecheck: deps
	$(BIN)/mypy

fmt: deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The end-to-end tests drive Debian's Chromium (Playwright's own browser download
# does not work here): install it where apt-get can, otherwise say what is missing.
e2e-deps:
	@command -v chromium >/dev/null || { command -v apt-get >/dev/null && \
		(apt-get update -qq && apt-get install -y -qq chromium); } || \
		{ echo "Chromium is missing: install Debian's chromium package (/usr/bin/chromium) for the e2e tests." >&2; exit 1; }

# The upload tests start Debian's clamd with a signature database they write themselves
# (tests/security/clamd.py): install it where apt-get can, otherwise say what is missing.
scanner-deps:
	@test -x /usr/sbin/clamd || { command -v apt-get >/dev/null && \
		(apt-get update -qq && apt-get install -y -qq clamav-daemon); } || \
		{ echo "clamd is missing: install Debian's clamav-daemon package (/usr/sbin/clamd) for the upload tests." >&2; exit 1; }

# The sign-in tests start a real OpenID Provider (node-oidc-provider, tests/oidc/), installed
# from its pinned package-lock.json.
oidc-deps: tests/oidc/node_modules/.package-lock.json

tests/oidc/node_modules/.package-lock.json: tests/oidc/package.json tests/oidc/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ with npm is needed for the sign-in tests (tests/oidc)." >&2; exit 1; }
	npm ci --prefix tests/oidc --no-audit --no-fund

# Dependencies with known vulnerabilities (pip-audit; says plainly when the advisory
# service is unreachable) and bandit: no medium or high finding without a `# nosec` reason.
# Then the CycloneDX SBOM of the runtime dependencies, transitive ones included, read offline from
# the installed packages (tools/sbom.py; var/sbom/regeling.cdx.json).
security: deps
	$(PY) -m tools.dependency_audit
	$(BIN)/bandit -r regeling worker -ll -q
	$(PY) -m tools.sbom -o var/sbom/regeling.cdx.json

test: lint typecheck e2e-deps scanner-deps oidc-deps security
	DJANGO_SETTINGS_MODULE=regeling.settings.test $(BIN)/pytest

# The tagged PDF/UA-1 and PDF/A-2 checks of the tests, on a stored letter (by id, also
# checks its SHA-256) or on a file: make check-letter LETTER=123 / LETTER=brief.pdf
check-letter: deps var/.env
	$(PY) -m worker.letters.checks $(LETTER)

bench: deps var/.env
	$(PY) bench/run.py

# The Dutch catalogue of every string in regeling/, worker/ and templates/ (English is
# the msgid language). Run from the root so one locale/ (LOCALE_PATHS) holds them all.
messages: deps
	$(PY) manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=var \
		--ignore=tests --ignore=staticfiles --ignore=bench --ignore=test-artifacts
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/broker var/test-private .pytest_cache
