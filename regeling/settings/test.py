"""Settings for the test suite: base settings with test-only secrets.

DATABASE_URL and CELERY_BROKER_URL still come from the environment, so CI
runs the suite against PostgreSQL and Redis (.ci/run sets them).
"""

import os

# Test-only values, never used outside the suite.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "jK_bTi3lJUflOTux6hVbhHs5gLQKf_ol6L0mmOxCVoQ=")
os.environ.setdefault("RESIDENCE_HASH_KEY", "test-only-residence-hash-key")
os.environ.setdefault("AUDIT_CHAIN_KEYS", "test-only-audit-chain-key")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A worker process started by a test cannot share the test's outbox: it writes its
# mails to files in this folder instead, for the test to read.
if os.environ.get("TEST_WORKER_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["TEST_WORKER_EMAIL_DIR"]
# A worker process started by a test of the mail outbox sends to that test's SMTP server on loopback.
if os.environ.get("TEST_WORKER_SMTP_PORT"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST, EMAIL_PORT = "127.0.0.1", int(os.environ["TEST_WORKER_SMTP_PORT"])
    MAIL_RETRY_FIRST_SECONDS = 1
PRIVATE_ROOT = VAR_DIR / "test-private"
AUDIT_ANCHOR_FILE = str(VAR_DIR / "test-audit-anchors.jsonl")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A real worker process in the tests must see the same database: with SQLite
# that means a file, not an in-memory database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    VAR_DIR.mkdir(exist_ok=True)  # a fresh clone has no var/ yet
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
if CELERY_BROKER_URL.startswith("filesystem://"):  # noqa: F405
    for _key in ("data_folder_in", "data_folder_out"):
        CELERY_BROKER_TRANSPORT_OPTIONS[_key] = str(VAR_DIR / "test-broker")  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS["processed_folder"] = str(VAR_DIR / "test-broker" / "processed")  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS["control_folder"] = str(VAR_DIR / "test-broker" / "control")  # noqa: F405
    (VAR_DIR / "test-broker" / "control").mkdir(parents=True, exist_ok=True)  # kombu creates only the last folder

# Tests do not run collectstatic; WhiteNoise looks files up on request instead.
WHITENOISE_AUTOREFRESH = True
