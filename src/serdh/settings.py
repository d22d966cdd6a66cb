"""SER-DH settings, read from the environment.

Three profiles, chosen by ``SERDH_ENV``:

* ``development`` (default): the embedded SQLite database and generated secrets under the
  data folder, so ``serdh demo`` works on a fresh machine with nothing configured.
* ``test``: like development, with fast password hashing and fixed throwaway keys.
* ``production``: every secret must come from the environment (or a key file) and be strong;
  a missing or weak value stops the process with a message naming the variable.

See docs/operations.md for every variable.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent

ENV = os.environ.get("SERDH_ENV", "development").strip().lower()
if ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"SERDH_ENV={ENV!r} is not one of development, test, production.")
PRODUCTION = ENV == "production"

DATA_DIR = Path(os.environ.get("SERDH_DATA_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _persistent_secret(filename):
    """A random secret kept in the data folder (development only)."""
    path = DATA_DIR / filename
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(64)
    path.write_text(value)
    path.chmod(0o600)
    return value


# --- Secrets --------------------------------------------------------------------------------

SECRET_KEY = os.environ.get("SERDH_SECRET_KEY", "")
if PRODUCTION:
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 10 or "insecure" in SECRET_KEY:
        raise ImproperlyConfigured(
            "SERDH_SECRET_KEY must be set to a random value of at least 50 characters "
            "in production (python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
elif not SECRET_KEY:
    SECRET_KEY = (
        "test-only-secret-key-" + "x" * 40 if ENV == "test" else (_persistent_secret("secret_key"))
    )

# Field-encryption, blind-index and audit keys: see serdh.core.keys. They never derive from
# SECRET_KEY. In production they must come from SERDH_KEY_FILE or the SERDH_*_KEY variables.
SERDH_KEY_FILE = os.environ.get("SERDH_KEY_FILE") or (
    None if PRODUCTION or ENV == "test" else str(DATA_DIR / "keys.json")
)
SERDH_KEYS_AUTOCREATE = ENV == "development"

# Off everywhere unless a developer opts in: the demo is what municipalities see first, and
# Django's debug pages would show anyone the settings, the SQL and the stack (issue 11).
DEBUG = _env_bool("SERDH_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("SERDH_DEBUG must not be on in production.")

ALLOWED_HOSTS = _env_list(
    "SERDH_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver,[::1]"
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("SERDH_ALLOWED_HOSTS must list the host names served.")
CSRF_TRUSTED_ORIGINS = _env_list("SERDH_CSRF_TRUSTED_ORIGINS")

# --- Database -------------------------------------------------------------------------------

_default_db = f"sqlite:///{DATA_DIR / 'serdh.sqlite3'}"
_database_url = os.environ.get("DATABASE_URL", "")
if PRODUCTION and not _database_url:
    raise ImproperlyConfigured(
        "DATABASE_URL must be set in production (PostgreSQL is recommended)."
    )
DATABASES = {"default": dj_database_url.parse(_database_url or _default_db, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the worker and the web server read while the other writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if not _database_url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    # A test database on disk (not in memory), so the live server used by browser tests runs
    # on its own connection instead of sharing one across threads.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # SER-DH's queries are short and indexed; PostgreSQL's JIT compiles a plan once its cost
    # estimate passes a threshold, and at 200,000 cases that compilation was most of the time
    # of "Minhas tarefas" (452 of 453 ms) and of the supervision counts (bench/case_list.py).
    # SERDH_PG_JIT=on leaves the server's own setting.
    if os.environ.get("SERDH_PG_JIT", "off") != "on":
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("SERDH_TEST_DB_NAME")
    if not DATABASES["default"]["TEST"]["NAME"]:
        del DATABASES["default"]["TEST"]["NAME"]

# A PostgreSQL streaming replica for the heavy reads (dashboards, exports, bulletins, open
# data), used while it lags less than SERDH_REPLICA_MAX_LAG_SECONDS behind the primary
# (serdh.core.replica; docs/operations.md, "Read replica"). Writes always go to the primary.
_replica_url = os.environ.get("DATABASE_REPLICA_URL", "")
if _replica_url:
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL on PostgreSQL.")
    DATABASES["replica"] = dj_database_url.parse(_replica_url, conn_max_age=60)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),  # jit=off
        # A replica that hangs must not hold the web's threads: give up quickly (core.replica
        # then reads from the primary).
        "connect_timeout": int(os.environ.get("SERDH_REPLICA_CONNECT_TIMEOUT", "3")),
        **DATABASES["replica"].get("OPTIONS", {}),  # its own, e.g. ?sslmode=require
    }
    # Tests create no database on the replica: the alias shares the primary's connection.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# /healthz answers its details (database latency, worker heartbeat, dead letters, disk) only to
# these addresses (the monitoring host; behind the proxy, the forwarded client address);
# everyone else gets {"status", "time"}.
SERDH_HEALTH_DETAIL_FROM = [
    a.strip() for a in os.environ.get("SERDH_HEALTH_DETAIL_FROM", "127.0.0.1,::1").split(",")
]
SERDH_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("SERDH_REPLICA_MAX_LAG_SECONDS", "30"))
SERDH_REPLICA_CHECK_SECONDS = float(os.environ.get("SERDH_REPLICA_CHECK_SECONDS", "5"))
DATABASE_ROUTERS = ["serdh.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications ---------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "serdh.core",
    "serdh.accounts",
    "serdh.network",
    "serdh.vocabularies",
    "serdh.people",
    "serdh.cases",
    "serdh.workflow",
    "serdh.obligations",
    "serdh.interop",
    "serdh.imports",
    "serdh.rma",
    "serdh.monitoring",
    "serdh.privacy",
    "serdh.portal",
    "serdh.web",
    "serdh.demo",
    # Wagtail (the portal's CMS), after the project's apps so their templates come first.
    "wagtail.sites",
    "wagtail.users",
    # Not "wagtail.snippets": the portal registers no snippets, and its API costs the worker
    # and the web server about 20 MB each.
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.contrib.routable_page",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "serdh.core.static.StaticFilesMiddleware",
    # gzip for HTML, JSON and CSV (docs/security.md, "Compression"): after WhiteNoise, which
    # serves static files compressed ahead of time, and before anything that reads the body.
    "serdh.core.compression.CompressionMiddleware",
    "serdh.core.middleware.RequestContextMiddleware",
    "serdh.core.middleware.PrivatePagesMiddleware",
    "serdh.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "serdh.core.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "serdh.accounts.middleware.ActiveMembershipMiddleware",
    "serdh.accounts.middleware.SessionClientMiddleware",
    "serdh.accounts.middleware.SecondFactorMiddleware",
    "serdh.interop.messagelog.MessageLogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "serdh.portal.middleware.EditorialAdminPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "serdh.urls"
WSGI_APPLICATION = "serdh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "serdh.web.context_processors.shell",
                "serdh.workflow.context_processors.notifications",
                "serdh.portal.context_processors.portal",
            ],
        },
    }
]

# --- Accounts, sessions, lockout ------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# ASVS 5.0 6.2: at least 12 characters, no composition rules, not among the 20,000 most common
# passwords of public breaches (Django's list), not similar to the account's data, no word of
# the product or the network (accounts.validators). SERDH_PASSWORD_CONTEXT_WORDS adds words.
SERDH_PASSWORD_CONTEXT_WORDS = [
    w.strip() for w in os.environ.get("SERDH_PASSWORD_CONTEXT_WORDS", "").split(",") if w.strip()
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "serdh.accounts.validators.ContextWordsValidator"},
]
if ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sessions live in accounts.UserSession (the database backend plus who, from where, last
# seen), so a user can list and end theirs (accounts.sessions).
SESSION_ENGINE = "serdh.accounts.sessions"
# Inactivity timeout: the session lives SERDH_SESSION_IDLE_MINUTES after the last request.
SESSION_COOKIE_AGE = int(os.environ.get("SERDH_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
# Absolute lifetime: however active, a session ends this long after signing in.
SERDH_SESSION_MAX_SECONDS = int(float(os.environ.get("SERDH_SESSION_MAX_HOURS", "12")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "serdh.core.api.csrf_failure"

# django-axes locks a username *from one address* after repeated failures (so nobody elsewhere
# can lock a worker out); accounts.lockout adds a per-address limit across usernames against
# password spraying. Public offices (a CRAS, a school) reach the server through one NAT
# address, so that limit is much higher than the per-account one.
AXES_FAILURE_LIMIT = int(os.environ.get("SERDH_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("SERDH_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "serdh.accounts.lockout.axes_lockout"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
SERDH_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("SERDH_LOGIN_IP_FAILURE_LIMIT", "50"))

# Second factor (accounts.twofactor): TOTP (RFC 6238) with single-use recovery codes. The
# roles below cannot reach anything but enrolment until they have one. Enforced in production
# and in tests that ask for it; the demo (development) asks for it only with SERDH_DEMO_2FA=1.
SERDH_2FA_REQUIRED_ROLES = [
    role.strip()
    for role in os.environ.get(
        "SERDH_2FA_REQUIRED_ROLES",
        "state_admin,municipal_admin,state_manager,municipal_manager,auditor,editor",
    ).split(",")
    if role.strip()
]
SERDH_2FA_ENFORCED = (
    _env_bool("SERDH_2FA_ENFORCED", True)
    if PRODUCTION
    else _env_bool("SERDH_DEMO_2FA", False)
    if ENV == "development"
    else _env_bool("SERDH_2FA_ENFORCED", False)
)
SERDH_2FA_ISSUER = os.environ.get("SERDH_2FA_ISSUER", "SER-DH")
SERDH_2FA_MAX_ATTEMPTS = 5  # wrong codes in one sign-in before the password is asked again
SERDH_2FA_PENDING_SECONDS = 300  # time between the password and the code
SERDH_RECOVERY_CODES = 10
OTP_TOTP_THROTTLE_FACTOR = 1  # django-otp: after n failures a device waits 2^(n-1) seconds

# Login gov.br (accounts.govbr): OpenID Connect with PKCE. Off until a client id is set.
SERDH_GOVBR_ISSUER = os.environ.get("SERDH_GOVBR_ISSUER", "https://sso.acesso.gov.br")
SERDH_GOVBR_CLIENT_ID = os.environ.get("SERDH_GOVBR_CLIENT_ID", "")
SERDH_GOVBR_CLIENT_SECRET = os.environ.get("SERDH_GOVBR_CLIENT_SECRET", "")
SERDH_GOVBR_TIMEOUT = float(os.environ.get("SERDH_GOVBR_TIMEOUT", "10"))
# The lowest gov.br reliability level (bronze, prata, ouro) accepted for each role; a user
# with several roles needs the highest of their minimums. "role:level,..." in the environment.
SERDH_GOVBR_MIN_LEVEL = {
    "default": "prata",
    "contributor": "bronze",
    "state_admin": "ouro",
    "municipal_admin": "ouro",
    "state_manager": "ouro",
    "auditor": "ouro",
    **dict(
        pair.strip().split(":", 1)
        for pair in os.environ.get("SERDH_GOVBR_MIN_LEVEL", "").split(",")
        if ":" in pair
    ),
}

# Password reset by e-mail (Django's single-use tokens): the link lives this long.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("SERDH_PASSWORD_RESET_MINUTES", "30")) * 60
# Reset requests per hour, from one address and for one e-mail address (accounts.recovery).
SERDH_PASSWORD_RESET_PER_ADDRESS = int(os.environ.get("SERDH_PASSWORD_RESET_PER_ADDRESS", "20"))
SERDH_PASSWORD_RESET_PER_EMAIL = int(os.environ.get("SERDH_PASSWORD_RESET_PER_EMAIL", "3"))

# --- E-mail (password reset links, notifications; never personal data: docs/security.md) --
# Production sends through the SMTP relay in EMAIL_HOST/EMAIL_PORT (STARTTLS with
# EMAIL_USE_TLS=1); the demo writes each message to a file under var/mail/; tests keep them
# in memory (Django's test runner).
DEFAULT_FROM_EMAIL = os.environ.get("SERDH_EMAIL_FROM", "SER-DH <nao-responda@localhost>")
if PRODUCTION or os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
# Notification e-mails (workflow.notifications): a claimed message not marked sent after this
# many seconds (a killed worker) is sent again, with the same Message-ID; the daily digest goes
# out from this local hour.
SERDH_EMAIL_LEASE_SECONDS = int(os.environ.get("SERDH_EMAIL_LEASE_SECONDS", "600"))
SERDH_DIGEST_HOUR = int(os.environ.get("SERDH_DIGEST_HOUR", "7"))
# An overdue critical referral tells the receiving service's coordinator at once and, this
# many days later, the municipal managers (as a count): workflow.escalation.
SERDH_ESCALATION_DAYS = int(os.environ.get("SERDH_ESCALATION_DAYS", "2"))

# --- Security headers -----------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("SERDH_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SERDH_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# "Sair rápido" on the portal's help pages leaves for this neutral site (docs/operations.md).
SERDH_QUICK_EXIT_URL = os.environ.get(
    "SERDH_QUICK_EXIT_URL", "https://www.google.com/search?q=previs%C3%A3o+do+tempo"
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "pt-br"
LANGUAGES = [("pt-br", _("Português (Brasil)")), ("en", _("Inglês"))]
# locale_supplement: pt-BR the project adds to Django's and Wagtail's catalogs (month names in
# lower case, Wagtail's untranslated admin strings); after locale so makemessages leaves it alone.
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "locale_supplement"]
TIME_ZONE = os.environ.get("SERDH_TIME_ZONE", "America/Sao_Paulo")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------

STATIC_URL = "/static/"
# Only the portal's image renditions are served under MEDIA_URL (serdh.portal.media); case
# attachments and original uploads never are.
MEDIA_URL = "/midia/"
STATIC_ROOT = Path(os.environ.get("SERDH_STATIC_ROOT", DATA_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("SERDH_MEDIA_ROOT", DATA_DIR / "media"))
# Uploaded files are never served by URL: every download goes through a view that checks
# access and writes an audit event.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SERDH_MAX_UPLOAD_BYTES = int(os.environ.get("SERDH_MAX_UPLOAD_MB", "10")) * 1024 * 1024
# Imports (SINAN files, spreadsheets): a state's ten years of SINAN is some hundreds of MB.
SERDH_MAX_IMPORT_BYTES = int(os.environ.get("SERDH_MAX_IMPORT_MB", "1024")) * 1024 * 1024
# Rows per transaction of an import (each chunk commits with the batch's checkpoint).
SERDH_IMPORT_CHUNK = int(os.environ.get("SERDH_IMPORT_CHUNK", "500"))
# The RMA of a month is due on this day of the next month (the state's calendar; docs/rma.md).
SERDH_RMA_DUE_DAY = int(os.environ.get("SERDH_RMA_DUE_DAY", "15"))

# --- Background work (django-tasks, database backend) ---------------------------------------

TASKS = {
    "default": {
        # Tests run tasks in-process, except where a test starts a real worker and sets
        # SERDH_TASKS_BACKEND=database for it.
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("SERDH_TASKS_BACKEND", "immediate" if ENV == "test" else "")
            == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# --- REST API (docs/api.md) ------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "serdh.interop.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "serdh.interop.auth.HasScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["serdh.interop.auth.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "serdh.core.api.CursorPage",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "serdh.core.api.problem_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SER-DH API",
    "DESCRIPTION": "SIMA cases, referrals and the protection network (docs/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "serdh.core.dates.DatePrecision",
        "SafetyFlagKindEnum": "serdh.workflow.choices.FlagKind",
        "NotificationKindEnum": "serdh.workflow.choices.NotificationKind",
        "TaskKindEnum": "serdh.workflow.choices.TaskKind",
        "PlanKindEnum": "serdh.workflow.choices.PlanKind",
    },
    "PREPROCESSING_HOOKS": [
        "drf_spectacular.hooks.preprocess_exclude_path_format",
        "serdh.core.api.only_serdh_api",
    ],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "serdh.core.openapi.document_errors",
    ],
}

# --- Portal (Wagtail; docs/architecture.md) -------------------------------------------------

WAGTAIL_SITE_NAME = "Portal SER-DH"
WAGTAILADMIN_BASE_URL = os.environ.get("SERDH_PUBLIC_URL", "http://localhost:8000")
# Editors sign in through SER-DH's own login (lockout, idle timeout, audit).
WAGTAILADMIN_LOGIN_URL = "/conta/entrar/"
WAGTAIL_FRONTEND_LOGIN_URL = "/conta/entrar/"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("pt-br", "Português (Brasil)"), ("en", "English")]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no outside network at run time
# Accounts and passwords are SER-DH's (password rules, lockout, audit), not the CMS's.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # avatars from gravatar.com would tell it who edits
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILIMAGES_IMAGE_MODEL = "portal.PortalImage"
WAGTAILDOCS_DOCUMENT_MODEL = "portal.LibraryDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # through Django: privacy of collections applies
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "ods", "xlsx", "csv", "txt", "mp4", "webm", "vtt"]
WAGTAILIMAGES_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # PostgreSQL full-text search with a Portuguese configuration that ignores accents
        # (portal migration 0002); SQLite's FTS5 (its tokenizer folds accents) elsewhere.
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "serdh_portuguese",
        "AUTOCOMPLETE_SEARCH_CONFIG": "serdh_portuguese",
    }
}
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILEMBEDS_FINDERS = []  # oEmbed would call YouTube and others from the server
TAGGIT_CASE_INSENSITIVE = True

# --- SER-DH ---------------------------------------------------------------------------------

# The state this installation serves (two-letter UF). Municipalities of other states exist in
# the registry (all 5,570) but only this state's can adhere.
SERDH_STATE = os.environ.get("SERDH_STATE", "MG").upper()
# State and municipal holidays (ISO dates, comma-separated) for legal deadlines in working days
# (core.workdays; national holidays are built in).
# Closed cases keep their narratives this long; then the worker anonymizes them (privacy).
SERDH_RETENTION_YEARS = float(os.environ.get("SERDH_RETENTION_YEARS", "5"))
SERDH_EXTRA_HOLIDAYS = [
    d.strip() for d in os.environ.get("SERDH_EXTRA_HOLIDAYS", "").split(",") if d.strip()
]
SERDH_DEMO_PASSWORD = os.environ.get("SERDH_DEMO_PASSWORD", "Acesso@Demo2026")
SERDH_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
# Disclosure control: counts from 1 to this minus one never leave the case teams (monitoring).
SERDH_DISCLOSURE_THRESHOLD = int(os.environ.get("SERDH_DISCLOSURE_THRESHOLD", "5"))

# --- Interoperability (docs/api.md) ---------------------------------------------------------
# The address other systems reach this installation at: links in events and FHIR point there.
# Unset, the request's own origin is used (core.origin).
SERDH_PUBLIC_URL = os.environ.get("SERDH_PUBLIC_URL", "")
SERDH_SERVED_URL = ""  # set by `serdh serve` and the demo: the address they listen on
SERDH_TOKEN_LIFETIME = int(os.environ.get("SERDH_TOKEN_LIFETIME_SECONDS", "3600"))
SERDH_MESSAGE_LOG_RETENTION_DAYS = int(os.environ.get("SERDH_MESSAGE_LOG_RETENTION_DAYS", "730"))
SERDH_WEBHOOK_ALLOW_HTTP = _env_bool("SERDH_WEBHOOK_ALLOW_HTTP", not PRODUCTION)
# Deliver to loopback/private/link-local addresses (a municipal system on a VPN): off in
# production unless set, so a webhook cannot be aimed at the server's own network.
SERDH_WEBHOOK_ALLOW_INTERNAL = _env_bool("SERDH_WEBHOOK_ALLOW_INTERNAL", not PRODUCTION)
SERDH_WEBHOOK_TIMEOUT = float(os.environ.get("SERDH_WEBHOOK_TIMEOUT", "10"))
SERDH_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("SERDH_WEBHOOK_MAX_ATTEMPTS", "12"))
# Retry n waits about base × 2^(n-1) seconds (between half and all of it), at most cap:
# with the defaults, 12 attempts span about a day.
SERDH_WEBHOOK_BACKOFF_BASE = float(os.environ.get("SERDH_WEBHOOK_BACKOFF_BASE", "30"))
SERDH_WEBHOOK_BACKOFF_CAP = float(os.environ.get("SERDH_WEBHOOK_BACKOFF_CAP", "21600"))
# A delivery in flight is leased this long: a worker killed mid-delivery frees it after.
SERDH_WEBHOOK_LEASE_SECONDS = float(os.environ.get("SERDH_WEBHOOK_LEASE_SECONDS", "60"))

# --- Health (/healthz, core.health; docs/operations.md "Watching the service") -------------
# The worker's heartbeat older than this makes /healthz "degraded"; free space of the data
# folder below this share of the disk too.
SERDH_HEALTH_WORKER_STALE_SECONDS = int(os.environ.get("SERDH_HEALTH_WORKER_STALE_SECONDS", "300"))
SERDH_HEALTH_MIN_FREE_RATIO = float(os.environ.get("SERDH_HEALTH_MIN_FREE_RATIO", "0.10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SERDH_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "INFO"},
        "wagtail": {"level": "WARNING"},
    },
}
