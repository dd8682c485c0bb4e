"""Django settings for Yidang, read from typed environment variables (see ``yidang.env``)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from yidang.env import env_bool, env_int, env_list, env_str, secret_from_env_or_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("YIDANG_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_from_env_or_file("SECRET_KEY", VAR_DIR / "secret_key")
# Fernet keys for field encryption, newest first (comma-separated); see docs/architecture.md.
YIDANG_FIELD_KEY = secret_from_env_or_file(
    "YIDANG_FIELD_KEY", VAR_DIR / "field_key", factory=lambda: Fernet.generate_key().decode()
)
YIDANG_DEMO = env_bool("YIDANG_DEMO", False)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "huey.contrib.djhuey",
    "yidang.core",
    "yidang.accounts",
    "yidang.audit",
    "yidang.places",
    "yidang.people",
    "yidang.households",
    "yidang.imports",
    "yidang.timeline",
    "yidang.archive",
    "yidang.shelving",
    "yidang.printing",
    "yidang.access",
    "yidang.workdays",
    "yidang.loans",
    "yidang.usage",
    "yidang.service",
    "yidang.notifications",
    "yidang.retention",
    "yidang.backups",
    "yidang.inspections",
    "yidang.incidents",
    "yidang.transfers",
    "yidang.stocktake",
    "yidang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files without a separate web server
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yidang.core.middleware.SessionIdleMiddleware",
    "yidang.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "yidang.urls"
WSGI_APPLICATION = "yidang.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "yidang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yidang.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'yidang.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; IMMEDIATE avoids lock upgrades deadlocking.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # File cache: shared between the web server and the job worker on one machine.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

HUEY = {
    "name": "yidang",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "consumer": {"workers": env_int("HUEY_WORKERS", 2, minimum=1), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY |= {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "yidang.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "yidang" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "yidang" / "static"]  # the project-wide CSS and vendored Pico/htmx
# WhiteNoise serves the static files straight from the app folders: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
# Idle expiry: SessionIdleMiddleware restarts the clock, writing the session at most once this often.
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60, minimum=0)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
YIDANG_IMPORT_MAX_BYTES = env_int("YIDANG_IMPORT_MAX_MB", 10, minimum=1) * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "yidang.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Yidang 一户一档 API",
    "DESCRIPTION": "Owner archive and customer-service API. Token auth: POST /api/v1/auth/token/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a field named "use"; give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "RoomUseEnum": "yidang.places.models.RoomUse",
        "ProjectUseEnum": "yidang.places.models.Project.Use",
        "LocationKindEnum": "yidang.shelving.models.LocationKind",
        "VehicleKindEnum": "yidang.households.models.Vehicle.Kind",
        "ArchiveStatusEnum": "yidang.archive.models.ArchiveStatus",
        "ImportJobStatusEnum": "yidang.imports.models.ImportJob.Status",
        "TicketKindEnum": "yidang.service.models.TicketKind",
        "TicketStatusEnum": "yidang.service.models.TicketStatus",
        "AccessRequestKindEnum": "yidang.access.models.RequestKind",
        "IncidentKindEnum": "yidang.incidents.models.IncidentKind",
        "IncidentStepKindEnum": "yidang.incidents.models.StepKind",
        "AppraisalStatusEnum": "yidang.retention.models.AppraisalStatus",
        "DestructionListStatusEnum": "yidang.retention.models.ListStatus",
        "DestructionMethodEnum": "yidang.retention.models.Method",
        "CallbackMethodEnum": "yidang.service.models.CallbackMethod",
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# The owner archive
YIDANG_ARCHIVE_NUMBER_SCHEME = env_str("YIDANG_ARCHIVE_NUMBER_SCHEME", "{project}-{building}-{floor}-{room}")
YIDANG_SCAN_MAX_BYTES = env_int("YIDANG_SCAN_MAX_MB", 50, minimum=1) * 1024 * 1024
YIDANG_BASE_URL = env_str("YIDANG_BASE_URL", "http://127.0.0.1:8000")  # printed into QR labels

# Access requests (yidang.access): the fee per page of a copy made for an owner, in yuan (0: free)
try:
    YIDANG_COPY_FEE_PER_PAGE = Decimal(env_str("YIDANG_COPY_FEE_PER_PAGE", "0"))
except InvalidOperation:
    raise ImproperlyConfigured("YIDANG_COPY_FEE_PER_PAGE must be an amount in yuan such as 0.50") from None
if not YIDANG_COPY_FEE_PER_PAGE.is_finite() or not 0 <= YIDANG_COPY_FEE_PER_PAGE < 1000:
    raise ImproperlyConfigured("YIDANG_COPY_FEE_PER_PAGE must be an amount in yuan from 0 to 999.99")
YIDANG_ID_REVEAL_PER_HOUR = env_int("YIDANG_ID_REVEAL_PER_HOUR", 20, minimum=1)  # full ID numbers per user per hour

# The service desk
YIDANG_SLA_WARN = env_str("YIDANG_SLA_WARN", "20%")  # warn this long before a deadline: "20%" of the span, or minutes
if not re.fullmatch(r"(100|[1-9]?\d)%|\d{1,5}", YIDANG_SLA_WARN):
    raise ImproperlyConfigured('YIDANG_SLA_WARN must be a share such as "20%" or whole minutes such as "30"')
YIDANG_CALLBACK_WORKING_DAYS = env_int(
    "YIDANG_CALLBACK_WORKING_DAYS", 1, minimum=0
)  # callback due after the slip is back

# Loans of paper folders and the working calendar (yidang.workdays, yidang.loans)
YIDANG_WORKDAY_END = env_str("YIDANG_WORKDAY_END", "18:00")  # a working day ends at this local time (HH:MM)
if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", YIDANG_WORKDAY_END):
    raise ImproperlyConfigured(f"YIDANG_WORKDAY_END must be a time HH:MM such as 18:00, got {YIDANG_WORKDAY_END!r}")
YIDANG_LOAN_WORKING_DAYS = env_int("YIDANG_LOAN_WORKING_DAYS", 3, minimum=0)  # a loan is due after this many
YIDANG_LOAN_CONFIDENTIAL_SAME_DAY = env_bool("YIDANG_LOAN_CONFIDENTIAL_SAME_DAY", True)  # 一级保密 folders: same day
YIDANG_LOAN_MAX_RENEWALS = env_int("YIDANG_LOAN_MAX_RENEWALS", 1, minimum=0)
YIDANG_LOAN_REMIND_HOUR = env_int("YIDANG_LOAN_REMIND_HOUR", 9, minimum=0)  # overdue reminders from this local hour
if YIDANG_LOAN_REMIND_HOUR > 23:
    raise ImproperlyConfigured(f"YIDANG_LOAN_REMIND_HOUR must be an hour 0–23, got {YIDANG_LOAN_REMIND_HOUR}")

# Retention and disposal (yidang.retention): the GM answers a destruction list within this many working days
# (DOMAIN.md "N working days": 5 chosen); the destruction record itself is kept this many years.
YIDANG_DESTRUCTION_APPROVAL_WORKING_DAYS = env_int("YIDANG_DESTRUCTION_APPROVAL_WORKING_DAYS", 5, minimum=1)
YIDANG_DESTRUCTION_RECORD_YEARS = env_int("YIDANG_DESTRUCTION_RECORD_YEARS", 30, minimum=1)
# Backups and fixity (yidang.backups): where the scheduled backup goes ("" = no scheduled backup), how many
# to keep, and when the scheduled backup and the scheduled fixity check of all scans run (cron, local time).
YIDANG_BACKUP_DEST = env_str("YIDANG_BACKUP_DEST")  # a folder or s3://bucket/prefix
YIDANG_BACKUP_KEEP = env_int("YIDANG_BACKUP_KEEP", 7, minimum=1)
YIDANG_BACKUP_SCHEDULE = env_str("YIDANG_BACKUP_SCHEDULE", "30 2 * * *")
YIDANG_FIXITY_SCHEDULE = env_str("YIDANG_FIXITY_SCHEDULE", "0 4 * * 0")
for _name in ("YIDANG_BACKUP_SCHEDULE", "YIDANG_FIXITY_SCHEDULE"):
    if not re.fullmatch(r"[\d*,/-]+( [\d*,/-]+){4}", globals()[_name]):
        raise ImproperlyConfigured(f"{_name} must be a cron schedule of 5 fields such as '30 2 * * *'")
YIDANG_PG_BIN_DIR = env_str("YIDANG_PG_BIN_DIR")  # pg_dump / pg_restore; default: the server's version's
# Quality inspections of the files (yidang.inspections)
YIDANG_INSPECTION_OCCUPANCY_PERCENT = env_int("YIDANG_INSPECTION_OCCUPANCY_PERCENT", 80, minimum=1)  # full check at
YIDANG_INSPECTION_SAMPLE_PERCENT = env_int(
    "YIDANG_INSPECTION_SAMPLE_PERCENT", 5, minimum=5
)  # six-monthly sample, ≥ 5 %
YIDANG_INSPECTION_CHASE_WORKING_DAYS = env_int("YIDANG_INSPECTION_CHASE_WORKING_DAYS", 2, minimum=0)  # chase due after
YIDANG_INSPECTION_PLAN_MIN_CHECKS = env_int(
    "YIDANG_INSPECTION_PLAN_MIN_CHECKS", 2, minimum=2
)  # checks a year, at least
if YIDANG_INSPECTION_OCCUPANCY_PERCENT > 100 or YIDANG_INSPECTION_SAMPLE_PERCENT > 100:
    raise ImproperlyConfigured("YIDANG_INSPECTION_OCCUPANCY_PERCENT and YIDANG_INSPECTION_SAMPLE_PERCENT are 1–100")

# ---------------------------------------------------------------------------------------------
# Accounts and sign-in: password rules, lockout (django-axes), second factor (django-otp TOTP).
# Owned by yidang/accounts; see the README's settings table.
# ---------------------------------------------------------------------------------------------
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "axes"]
_after_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_after_auth:_after_auth] = ["django_otp.middleware.OTPMiddleware"]  # user.is_verified()
# AccountStepMiddleware sends a signed-in user to the step they owe (code, enrolment, new password);
# axes' middleware turns a lockout into the login page's message and must come last.
MIDDLEWARE += ["yidang.accounts.middleware.AccountStepMiddleware", "axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "yidang.accounts.backends.LockoutBackend",  # axes' lockout check first
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS += [
    {"NAME": "yidang.accounts.validators.PasswordHistoryValidator", "OPTIONS": {"remember": 5}},
]
YIDANG_PASSWORD_MAX_AGE_DAYS = env_int("YIDANG_PASSWORD_MAX_AGE_DAYS", 90, minimum=0)  # 0: never expires
YIDANG_TOTP_REQUIRED_FOR_MANAGERS = env_bool("YIDANG_TOTP_REQUIRED_FOR_MANAGERS", False)
OTP_TOTP_ISSUER = "一户一档"

AXES_FAILURE_LIMIT = env_int("YIDANG_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("YIDANG_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one name from one address: no lockout of everyone
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the cool-off runs from the failure that locked
AXES_DISABLE_ACCESS_LOG = True  # the audit trail records every sign-in and sign-out
AXES_LOCKOUT_CALLABLE = "yidang.accounts.views.lockout_response"
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "yidang.accounts.authentication.AccountTokenAuthentication",  # DRF's token auth + the account's steps
    "rest_framework.authentication.SessionAuthentication",
]
