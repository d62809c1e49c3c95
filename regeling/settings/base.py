"""Settings for every environment. The only module that reads the environment.

Defaults make `make run` work on a bare machine: SQLite and a filesystem
Celery broker under var/. Setting DATABASE_URL and CELERY_BROKER_URL switches
to PostgreSQL and Redis without any other change.
"""

from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from regeling.core.logging import configure as logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# `make run` writes generated development secrets here; production sets real env vars.
environ.Env.read_env(VAR_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_fsm",  # only for `manage.py graph_transitions` (docs/workflow.md)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "csp",
    "django_structlog",
    "regeling.core",
    "regeling.accounts",
    "regeling.audit",
    "regeling.schemes",
    "regeling.budgets",
    "regeling.earlier",
    "regeling.applications",
    "regeling.letters",
    "regeling.objections",
    "regeling.review",
    "regeling.payments",
    "regeling.operations",
    "regeling.figures",
    "regeling.privacy",
    "regeling.demo",
]

MIDDLEWARE = [
    "regeling.operations.health.HealthProbeMiddleware",  # first: probes skip host checks and sign-in
    "regeling.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "regeling.core.hygiene.RequestHygieneMiddleware",  # 405 for TRACE etc., 400 for NUL bytes in input
    "regeling.core.request_log.RequestLogMiddleware",  # request id, user id and role on every log line
    "regeling.core.middleware.SessionTimeoutMiddleware",
    "regeling.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "regeling.core.middleware.NoStoreMiddleware",
    "regeling.core.middleware.TransitionRefusedMiddleware",
    "regeling.audit.middleware.DeniedAccessAuditMiddleware",  # after it: records a refusal before the page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "regeling.urls"
WSGI_APPLICATION = "regeling.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "regeling.operations.context_processors.enums",
            ],
        },
    },
]

# Django's widget templates, the most used ones flattened (regeling/core/renderers.py).
FORM_RENDERER = "regeling.core.renderers.FormRenderer"

# SQLite is the embedded default; WAL and IMMEDIATE transactions let the web
# process and the worker write to it side by side without "database is locked".
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'regeling.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;", "transaction_mode": "IMMEDIATE"}
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# PostgreSQL with least-privileged roles: DATABASE_URL logs in as the application role, which
# owns nothing; migrations run as the owner (`migrate --database owner`). docs/security.md.
if env.str("DATABASE_OWNER_URL", default=""):
    DATABASES["owner"] = {**env.db("DATABASE_OWNER_URL"), "TEST": {"MIRROR": "default"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents and letters: outside any public folder, served only through
# views that check permission.
PRIVATE_ROOT = Path(env.str("PRIVATE_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_ROOT}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="regeling@example.nl")
# The worker sends every mail from the outbox (regeling/accounts/mail_outbox.py). A mail server that does
# not answer is given up on after EMAIL_TIMEOUT seconds (Django's default waits forever) and tried again
# with backoff (10 s, 20 s, ... at most 10 min): MAIL_MAX_ATTEMPTS tries in all (about an hour), then the
# mail is failed and `manage.py check_letters` reports it (`--retry-failed-mails` queues it again).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=12)
MAIL_RETRY_FIRST_SECONDS = env.int("MAIL_RETRY_FIRST_SECONDS", default=10)
# A sent mail's row (its text already emptied) is deleted this many days after sending; a failed one later.
MAIL_SENT_RETENTION_DAYS = env.int("MAIL_SENT_RETENTION_DAYS", default=7)
MAIL_FAILED_RETENTION_DAYS = env.int("MAIL_FAILED_RETENTION_DAYS", default=30)

# Field encryption: comma-separated Fernet keys, newest first. Older keys keep
# old rows readable until `manage.py reencrypt_fields` has run.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS")
# Keyed hash for finding the same residence again without decrypting addresses.
RESIDENCE_HASH_KEY = env.str("RESIDENCE_HASH_KEY")
# The audit chain's HMAC keys, newest first (rotate like the field keys); never in the database.
AUDIT_CHAIN_KEYS = env.list("AUDIT_CHAIN_KEYS", default=[])
# Signed checkpoints of the chain's head, outside the database (also logged to "regeling.audit.anchor").
AUDIT_ANCHOR_FILE = env.str("AUDIT_ANCHOR_FILE", default=str(VAR_DIR / "audit-anchors.jsonl"))

# Celery. Without CELERY_BROKER_URL the broker is a folder under var/ (kombu's
# filesystem transport), so nothing has to be installed to run the system.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        # kombu's default is ./control in whatever folder the process started in.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
else:
    # The worker must finish (or be killed by the time limit) well before Redis
    # redelivers an unacknowledged task to another worker.
    # max_retries 0: a publisher that cannot reach Redis gives up at once instead of
    # retrying for seconds inside a request; the letter outbox re-queues it later.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "max_retries": 0, "interval_start": 0}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Late acknowledgement: a letter task killed mid-render is redelivered instead of lost;
# the task is idempotent, so a redelivery never makes a second letter.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Every task's limits, far below the Redis visibility timeout (an hour): a stuck task is
# killed long before Redis would hand the same message to another worker.
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
# A letter renders in well under a second: one that takes half a minute is stuck, and is
# tried again (regeling/letters/rendering.py counts the attempt).
CELERY_TASK_ANNOTATIONS = {"worker.tasks.render_letter": {"soft_time_limit": 30, "time_limit": 45}}
# A worker process keeps its database connection between tasks: Celery's Django fixup
# otherwise closes it before and after every task, and connecting anew costs more than
# rendering a letter. Django's own checks (max age, health check, errors) still drop a
# stale or broken connection after each task (worker/celery.py applies these two).
WORKER_CONNECTION_MAX_AGE = 300
WORKER_DB_REUSE_MAX = 1_000_000
CELERY_TIMEZONE = TIME_ZONE
# The assessors' daily reminder: the hour it is sent, and how many days before its decision is due
# a case counts as "due soon" there and in the work list (issue 16: a setting; bodies may differ).
REMINDER_HOUR = env.int("REMINDER_HOUR", default=7)
DUE_SOON_DAYS = env.int("DUE_SOON_DAYS", default=7)
CELERY_BEAT_SCHEDULE = {
    "requeue-pending-letters": {"task": "worker.tasks.requeue_pending_letters", "schedule": timedelta(seconds=30)},
    "requeue-pending-mails": {"task": "worker.tasks.requeue_pending_mails", "schedule": timedelta(seconds=30)},
    "purge-sent-mails": {"task": "worker.tasks.purge_sent_mails", "schedule": timedelta(hours=1)},
    "requeue-stale-imports": {"task": "worker.tasks.requeue_stale_imports", "schedule": timedelta(seconds=60)},
    "requeue-stale-letter-batches": {
        "task": "worker.tasks.requeue_stale_letter_batches",
        "schedule": timedelta(seconds=60),
    },
    "sweep-letter-files": {"task": "worker.tasks.sweep_letter_files", "schedule": timedelta(minutes=10)},
    "apply-retention": {"task": "worker.tasks.apply_retention", "schedule": timedelta(hours=24)},
    "verify-audit-chain": {"task": "worker.tasks.verify_audit_chain", "schedule": timedelta(hours=24)},
    # The assessors' content-free reminder (regeling/review/reminders.py), working days in the morning.
    "send-assessor-reminders": {
        "task": "worker.tasks.send_assessor_reminders",
        "schedule": crontab(hour=REMINDER_HOUR, minute=0, day_of_week="mon-fri"),
    },
    "anchor-audit-chain": {
        "task": "worker.tasks.anchor_audit_chain",
        "schedule": timedelta(seconds=env.int("AUDIT_ANCHOR_INTERVAL_SECONDS", default=60)),
    },
}
# Closed or withdrawn cases lose their personal data, files and letters this many days after they ended.
RETENTION_DAYS = env.int("RETENTION_DAYS", default=7 * 365)

# Scheme settings. Amounts are integer cents.
SECOND_APPROVAL_ABOVE_CENTS = env.int("SECOND_APPROVAL_ABOVE_CENTS", default=100_000)
INFORMATION_DEADLINE_DAYS = env.int("INFORMATION_DEADLINE_DAYS", default=14)
# Objections (docs/rules.md): the point value of the Besluit proceskosten bestuursrecht for the
# objection phase (Awb 7:15) and the court fee for an appeal by a natural person, each as
# {"date it applies from": cents}; the value that applies on a day is the latest that has started.
# Add each year's indexed figure when it is published (readings to confirm, docs/rules.md).
OBJECTION_COSTS_POINT_VALUES = tuple(
    sorted(
        (date.fromisoformat(since), int(cents))
        for since, cents in env.json("OBJECTION_COSTS_POINT_VALUES", default={"2025-01-01": 64_700}).items()
    )
)
COURT_FEES = tuple(
    sorted(
        (date.fromisoformat(since), int(cents))
        for since, cents in env.json("COURT_FEES", default={"2024-01-01": 18_700}).items()
    )
)
# Awb 4:8: days the officeholder gets to give views on an intended (partial) refusal.
VIEWS_DEADLINE_DAYS = env.int("VIEWS_DEADLINE_DAYS", default=14)
# The municipalities of a water board's area, per water board (its name), where known: shown to the
# assessor who confirms that a home lies in the area (a water board's area does not follow provinces).
WATER_BOARD_AREA_TOWNS = env.json("WATER_BOARD_AREA_TOWNS", default={})
# A grant letter names the last day to send the invoices: this many days after the decision (a reading).
INVOICE_DEADLINE_DAYS = env.int("INVOICE_DEADLINE_DAYS", default=365)
# Costs incurred in office count also when their invoices come in after the term ended, within this
# many months after the last day in office (a reading: the regulation names no period; docs/rules.md).
CLAIM_WINDOW_MONTHS = env.int("CLAIM_WINDOW_MONTHS", default=6)
# The article that holds the entitlement, cited in letters: per office, else per body kind ("nl", "en").
# SCHEME.md confirms the decree's articles; the regulation's article for gemeente and waterschap is
# unconfirmed (§6.1), so only the decree is cited for them until a body sets it (docs/rules.md).
_DECREE = "van het Rechtspositiebesluit decentrale politieke ambtsdragers"
_DECREE_EN = "of the Rechtspositiebesluit decentrale politieke ambtsdragers"
_PROVINCE_BASIS = {
    "nl": f"artikel 2.3.1, tweede lid, {_DECREE} en artikel 2.9 van de Regeling rechtspositie decentrale "
    "politieke ambtsdragers",
    "en": f"article 2.3.1(2) {_DECREE_EN} and article 2.9 of the Regeling rechtspositie decentrale politieke "
    "ambtsdragers",
}
_MUNICIPALITY_BASIS = {"nl": f"artikel 3.3.1, tweede lid, {_DECREE}", "en": f"article 3.3.1(2) {_DECREE_EN}"}
_WATER_BOARD_BASIS = {"nl": f"artikel 4.3.1, tweede lid, {_DECREE}", "en": f"article 4.3.1(2) {_DECREE_EN}"}
LETTER_LEGAL_BASIS = env.json(
    "LETTER_LEGAL_BASIS",
    default={
        "province": _PROVINCE_BASIS,
        "kings_commissioner": _PROVINCE_BASIS,
        "provincial_executive": _PROVINCE_BASIS,
        "municipality": _MUNICIPALITY_BASIS,
        "mayor": _MUNICIPALITY_BASIS,
        "alderman": _MUNICIPALITY_BASIS,
        "water_board": _WATER_BOARD_BASIS,
        "water_board_chair": _WATER_BOARD_BASIS,
        "water_board_executive": _WATER_BOARD_BASIS,
    },
)
# Readings of facts SCHEME.md marks unconfirmed, chosen to protect the officeholder (docs/rules.md).
# Version B and PKVW: "required", "assessor" (a person judges; the default) or "not_required".
SCHEME_B_PKVW_POLICY = env.str("SCHEME_B_PKVW_POLICY", default="assessor")
# Offices whose residence exemption counts without the assessor (2.9(2) names the gedeputeerde only).
SCHEME_RESIDENCE_EXEMPTION_OFFICES = env.list("SCHEME_RESIDENCE_EXEMPTION_OFFICES", default=["provincial_executive"])
# The Interior Ministry's yearly contribution (EUR 2.5M, SCHEME.md §4): a figure for national reports.
NATIONAL_CONTRIBUTION_CENTS = env.int("NATIONAL_CONTRIBUTION_CENTS", default=250_000_000)
# National figures: a cell resting on fewer officeholders or bodies than this is suppressed (docs/figures.md).
FIGURES_MIN_OFFICEHOLDERS = env.int("FIGURES_MIN_OFFICEHOLDERS", default=5)
FIGURES_MIN_BODIES = env.int("FIGURES_MIN_BODIES", default=2)
# The bodies the contribution is spread over evenly (SCHEME.md §4: municipalities and provinces; the key is
# unconfirmed, §6.5): a body's share is shown against its spending. 342 municipalities + 12 provinces (2025).
NATIONAL_CONTRIBUTION_BODIES = env.int("NATIONAL_CONTRIBUTION_BODIES", default=354)

# Structured logs (issue #20): JSON lines by default (containers); `make run` sets LOG_FORMAT=console.
# One record is always one line: JSON escapes line breaks, the console renderer escapes them too.
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = logging_config(LOG_FORMAT, env.str("LOG_LEVEL", default="INFO"))

# Uploads: a virus scanner (clamd) checks every file when one of these is set.
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="")
CLAMD_HOST = env.str("CLAMD_HOST", default="")
CLAMD_PORT = env.int("CLAMD_PORT", default=3310)
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=40_000_000)

# Security (issue #6). Production hardening on top of this is in production.py.
# Proxies whose X-Forwarded-For is believed (addresses or networks); nobody else can name a client address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Brute force: lock after a few failures, per account and per client address, for a cool-off period.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "regeling.core.middleware.client_ip_for_axes"
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form's field, though users sign in with their e-mail
AXES_USERNAME_CALLABLE = "regeling.accounts.views.lockout_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # its log lines name the account
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit log; no second, unbounded list of addresses
# Sessions: idle timeout (shorter for staff) and an absolute maximum, in seconds.
SESSION_IDLE_TIMEOUT_STAFF = env.int("SESSION_IDLE_TIMEOUT_STAFF", default=30 * 60)
SESSION_IDLE_TIMEOUT_OFFICEHOLDER = env.int("SESSION_IDLE_TIMEOUT_OFFICEHOLDER", default=2 * 60 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
OTP_TOTP_ISSUER = "Regeling beveiligingsmaatregelen"
# Second factor for everyone (issue #15, docs/security.md "Second factor"). Officeholders need one
# too (their address and security measures are on the screen; BIO2 asks MFA for such data).
SECOND_FACTOR_FOR_OFFICEHOLDERS = env.bool("SECOND_FACTOR_FOR_OFFICEHOLDERS", default=True)
# First enrolment needs a one-time code from the coordinator (or administrator), or the invitation link.
ENROLMENT_CODE_VALID_HOURS = env.int("ENROLMENT_CODE_VALID_HOURS", default=72)
ENROLMENT_CODE_MAX_FAILURES = env.int("ENROLMENT_CODE_MAX_FAILURES", default=5)
# How long after a valid code or invitation link the person may finish setting up the app.
ENROLMENT_GRANT_MINUTES = env.int("ENROLMENT_GRANT_MINUTES", default=30)
# Passkeys (django-otp-webauthn): added beside the app once signed in with two factors, never as
# the first device and never instead of the password. The relying party is the site's host name;
# browsers allow WebAuthn only on https or on localhost (not on 127.0.0.1: use http://localhost:8000).
_SITE = urlsplit(SITE_URL)
_SITE_IS_PASSKEY_ORIGIN = _SITE.scheme == "https" or _SITE.hostname == "localhost"
OTP_WEBAUTHN_RP_ID = env.str("OTP_WEBAUTHN_RP_ID", default=_SITE.hostname if _SITE_IS_PASSKEY_ORIGIN else "localhost")
OTP_WEBAUTHN_RP_NAME = "Regeling beveiligingsmaatregelen"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS",
    default=[
        f"{_SITE.scheme}://{_SITE.netloc}" if _SITE_IS_PASSKEY_ORIGIN else f"http://localhost:{_SITE.port or 8000}"
    ],
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# Sign-in through OpenID Connect (issue #17, docs/security.md). Staff: each body's provider is
# set in the admin; its client secret is stored there encrypted or named from this map
# (OIDC_CLIENT_SECRETS=teststad=s3cret,otherbody=...). No token is kept after the callback.
OIDC_CLIENT_SECRETS = env.dict("OIDC_CLIENT_SECRETS", default={})
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
# Officeholders through DigiD via an OpenID Connect broker: off unless a discovery URL is set.
DIGID_OIDC_DISCOVERY_URL = env.str("DIGID_OIDC_DISCOVERY_URL", default="")
DIGID_OIDC_CLIENT_ID = env.str("DIGID_OIDC_CLIENT_ID", default="")
DIGID_OIDC_CLIENT_SECRET = env.str("DIGID_OIDC_CLIENT_SECRET", default="")
DIGID_OIDC_SCOPES = env.str("DIGID_OIDC_SCOPES", default="openid bsn")
DIGID_BSN_CLAIM = env.str("DIGID_BSN_CLAIM", default="bsn")
DIGID_LEVEL_CLAIM = env.str("DIGID_LEVEL_CLAIM", default="acr")
# Minimum DigiD assurance level (basis, midden, substantieel, hoog) to apply and to see letters.
DIGID_MIN_LEVEL_APPLY = env.str("DIGID_MIN_LEVEL_APPLY", default="substantieel")
DIGID_MIN_LEVEL_LETTERS = env.str("DIGID_MIN_LEVEL_LETTERS", default="substantieel")
# The DigiD level that counts as a second factor already (no TOTP of ours on top). Midden adds an
# SMS code or the app to the password; a body that wants more sets substantieel (docs/rules.md).
DIGID_MIN_LEVEL_SECOND_FACTOR = env.str("DIGID_MIN_LEVEL_SECOND_FACTOR", default="midden")
SECURITY_CONTACT = env.str("SECURITY_CONTACT", default="mailto:security@regeling.example.nl")

# --- Operations (issue #20): health probes, heartbeats, logs, telemetry, backups (docs/operations.md) ---
# Health probes answer without sign-in to a direct connection from these networks (not through a
# proxy), or to anyone sending `Authorization: Bearer <HEALTH_PROBE_TOKEN>`.
HEALTH_PROBE_NETWORKS = env.list(
    "HEALTH_PROBE_NETWORKS",
    default=["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
)
HEALTH_PROBE_TOKEN = env.str("HEALTH_PROBE_TOKEN", default="")
# The worker and beat touch a file here; `manage.py check_heartbeat` fails when it is older than this.
HEARTBEAT_DIR = Path(env.str("HEARTBEAT_DIR", default=str(VAR_DIR / "heartbeat")))
HEARTBEAT_MAX_AGE_SECONDS = env.int("HEARTBEAT_MAX_AGE_SECONDS", default=120)
CELERY_BEAT_SCHEDULER = "worker.heartbeat.HeartbeatScheduler"
# The worker's pool processes run this much nicer than the web (os.nice): interactive requests first.
WORKER_NICENESS = env.int("WORKER_NICENESS", default=10)
# And run under Linux's SCHED_IDLE policy (worker/celery.py): rendering takes only CPU time the web leaves.
WORKER_IDLE_PRIORITY = env.bool("WORKER_IDLE_PRIORITY", default=True)
# Many letters at once (the outbox sweep, a batch reissue: the task `render_letters`) go to this queue.
# "celery", the default, is the one queue every worker reads. A deployment that wants batches kept to a
# share of the machine runs a second worker for them (`celery -A worker worker -Q batch --concurrency 1`)
# and sets LETTER_BATCH_QUEUE=batch (for every process): a batch then uses at most that worker's
# processes, and a decision's own letter (`render_letter`) never waits behind it. (docs/operations.md)
LETTER_BATCH_QUEUE = env.str("LETTER_BATCH_QUEUE", default="celery")
CELERY_TASK_ROUTES = {"worker.tasks.render_letters": {"queue": LETTER_BATCH_QUEUE}}
# The request id travels in the headers of the tasks a request queues (worker/celery.py binds it).
DJANGO_STRUCTLOG_CELERY_ENABLED = True
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False  # a client address is personal data
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# OpenTelemetry (regeling/operations/telemetry.py): traces and metrics go to this OTLP/HTTP
# collector, e.g. http://otel-collector:4318. Empty (the default): nothing is exported.
OTEL_EXPORTER_OTLP_ENDPOINT = env.str("OTEL_EXPORTER_OTLP_ENDPOINT", default="")
OTEL_METRIC_EXPORT_INTERVAL_SECONDS = env.int("OTEL_METRIC_EXPORT_INTERVAL_SECONDS", default=60)
