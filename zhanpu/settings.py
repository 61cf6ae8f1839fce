"""One settings module for every environment, driven by environment variables.

Embedded default (no variables set): SQLite under var/ and Celery's filesystem broker under var/celery/.
Production: DATABASE_URL=postgres://..., CELERY_BROKER_URL=redis://..., SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL,
PORTAL_URL, FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY. See README.md.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
RUNNING_TESTS = "pytest" in sys.modules

DEBUG = env.bool("DEBUG", default=False)
_DEV_SECRET = "insecure-development-key-only-for-debug-and-tests-zhanpu"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET if (DEBUG or RUNNING_TESTS) else "")
if not DEBUG and not RUNNING_TESTS and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50+ characters when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: English names for reference data (categories, offices)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "guardian",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_celery_beat",
    "csp",
    "easy_thumbnails",  # visit photos as smaller JPEGs (visits/photos.py)
    "registry",
    "cases",
    "visits",
    "hotline",
    "audit",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, precompressed; they never reach the rest
    # Pages compressed (a list of 50 children: 30 KB, 3 KB gzipped) for phones on weak village connections, photos and
    # workbooks not (zhanpu.compression). Django's GZipMiddleware, which it extends, pads each response with random
    # bytes against BREACH; CSRF tokens are masked per response anyway.
    "zhanpu.compression.PageCompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.middleware.SessionLifetimeMiddleware",
    "audit.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhanpu.urls"
WSGI_APPLICATION = "zhanpu.wsgi.application"

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
                "registry.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'zhanpu.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file: wait for locks instead of failing, write-ahead log for readers.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Covering indexes (INCLUDE) exist for PostgreSQL; SQLite builds them without the included columns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "registry.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "zhanpu.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"] if RUNNING_TESTS else
    ["django.contrib.auth.hashers.PBKDF2PasswordHasher", "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher"]
)

# Lock a username from one address after repeated failures; a whole village office shares one IP.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# django-guardian: no anonymous user; object permissions on Village and Office use direct foreign keys.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
# Idle timeout: activity pushes the expiry forward, written at most once per SESSION_RENEW_SECONDS (not on every
# request: a database write per page view) by audit.middleware.SessionLifetimeMiddleware.
SESSION_RENEW_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=10 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True

# --- Field encryption (ID numbers, guardian phones): keys come from the environment, never the database --------
_DEV_FERNET = "ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE="
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[_DEV_FERNET] if (DEBUG or RUNNING_TESTS) else [])
FIELD_HASH_KEY = env("FIELD_HASH_KEY", default="dev-only-hash-key" if (DEBUG or RUNNING_TESTS) else "")
if not FIELD_ENCRYPTION_KEYS or not FIELD_HASH_KEY:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY must be set when DEBUG is off.")

# --- I18N -----------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"  # a name with no English yet shows in Chinese
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static ---------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if (DEBUG or RUNNING_TESTS)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    # easy-thumbnails' smaller versions of visit photos, beside the originals under MEDIA_ROOT (private: served only
    # through visits:photo_sized). Overwrite: two first requests at once leave one file, the one its records name.
    "easy_thumbnails": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"allow_overwrite": True},
    },
}
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="未成年人保护工作站 <noreply@zhanpu.local>")
# The portal's address as its users reach it (e.g. https://portal.zhanpu.local): e-mails link to it. Reminders are
# sent by Celery, outside any request, so it cannot be read off one. `check --deploy` warns when it is unset.
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# --- Celery ---------------------------------------------------------------------------------------------------
# Embedded default: kombu's filesystem transport (a folder of message files, no server, safe for one worker and
# one beat on one machine). Production: CELERY_BROKER_URL=redis://...
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=RUNNING_TESTS)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# django-celery-beat's DatabaseScheduler, but a restart keeps the schedules edited in the admin (zhanpu/beat.py):
# CELERY_BEAT_SCHEDULE below only gives each entry its first schedule.
CELERY_BEAT_SCHEDULER = "zhanpu.beat:KeepEditsDatabaseScheduler"


def _every(task: str, env_name: str, seconds: int) -> dict:
    """A periodic task every `env_name` seconds (default `seconds`), whose run expires when the next is due: after a
    worker outage the queue does not replay every missed pass (the next pass does their work: each records what it
    finds, once)."""
    seconds = env.int(env_name, default=seconds)
    return {"task": task, "schedule": seconds, "options": {"expire_seconds": seconds}}


CELERY_BEAT_SCHEDULE = {  # periodic tasks: their first schedules (zhanpu.beat), then the admin's
    # Home-visit reminders and escalations (visits/reminders.py). Every 60 s by default: in `make run` a newly
    # overdue visit is notified within two periods. A pass costs a few indexed queries.
    "visits-reminders": _every("visits.send_visit_reminders", "VISIT_REMINDER_INTERVAL_SECONDS", 60),
    # Overdue referrals: the office, then the station (cases/reminders.py). Due dates are days: every 5 minutes is
    # soon enough, and a pass costs a few indexed queries.
    "cases-referral-reminders": _every("cases.send_referral_reminders", "REFERRAL_REMINDER_INTERVAL_SECONDS", 300),
    # Cases due for reassessment (cases/reassessment.py): due dates are days, so every hour.
    "cases-reassessment-reminders": _every(
        "cases.send_reassessment_reminders", "REASSESSMENT_REMINDER_INTERVAL_SECONDS", 3600),
    # Calls past their follow-up time (hotline/reminders.py): an urgent call is due the same day, so every minute.
    "hotline-call-reminders": _every("hotline.send_call_reminders", "CALL_REMINDER_INTERVAL_SECONDS", 60),
    # Tasks of the plan's breakdown past their due date (registry/task_reminders.py): due dates are days.
    "registry-task-reminders": _every("registry.send_task_reminders", "TASK_REMINDER_INTERVAL_SECONDS", 3600),
    # This year's and next year's public holidays for the family-education rule (registry/services_work.py): loads
    # a year only while none of its holidays are in the table, so next year's are there long before 1 January.
    "registry-load-holidays": _every("registry.load_coming_holidays", "HOLIDAY_LOAD_INTERVAL_SECONDS", 86400),
}

# --- Security headers -----------------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG and not RUNNING_TESTS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # pages carry the token themselves (forms, hx-headers); no script reads the cookie
CSRF_FAILURE_VIEW = "zhanpu.drafts.csrf_failure"  # marks the refusal, so that scripts fetch the current token
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING" if RUNNING_TESTS else "INFO")},
}

# --- App settings (each app's tunables; one block per app, owned by that app) ------------------------------------

# registry (issue 6): a facility whose last safety inspection is older than this many days is flagged.
REGISTRY_FACILITY_INSPECTION_DAYS = env.int("REGISTRY_FACILITY_INSPECTION_DAYS", default=90)

# cases (issue 3): reassess a child at least every 6 months; days an office has to handle a referral.
CASES_REASSESS_DAYS = env.int("CASES_REASSESS_DAYS", default=183)
# A case past its reassessment date: reminder levels fire this many days after it (1: the village's child directors,
# 2: the station); a pass looks back this many days past each threshold.
CASES_REASSESS_REMINDER_DAYS = {1: 0, 2: env.int("CASES_REASSESS_ESCALATE_STATION_DAYS", default=30)}
CASES_REASSESS_REMINDER_LOOKBACK_DAYS = env.int("CASES_REASSESS_REMINDER_LOOKBACK_DAYS", default=30)
CASES_REFERRAL_DUE_DAYS = env.int("CASES_REFERRAL_DUE_DAYS", default=7)
CASES_URGENT_REFERRAL_DUE_DAYS = env.int("CASES_URGENT_REFERRAL_DUE_DAYS", default=1)
# An open referral past its due date: reminder levels fire this many days after it (1: the office's staff,
# 2: the station); a pass looks back this many days past each threshold (catch-up after downtime).
CASES_REFERRAL_REMINDER_DAYS = {
    1: env.int("CASES_REFERRAL_REMIND_OFFICE_DAYS", default=1),
    2: env.int("CASES_REFERRAL_ESCALATE_STATION_DAYS", default=3),
}
CASES_REFERRAL_REMINDER_LOOKBACK_DAYS = env.int("CASES_REFERRAL_REMINDER_LOOKBACK_DAYS", default=30)
# hotline: an open call past its follow-up time reminds the operators (level 1) at once, the station (level 2) this
# many hours later; a pass looks back this many days past each threshold.
HOTLINE_REMINDER_HOURS = {1: 0, 2: env.int("HOTLINE_ESCALATE_STATION_HOURS", default=24)}
HOTLINE_REMINDER_LOOKBACK_DAYS = env.int("HOTLINE_REMINDER_LOOKBACK_DAYS", default=30)

# registry: a task not done by its due date reminds its office's staff or its village's child directors (level 1),
# then the station (level 2), this many days after the due date; a pass looks back this many days past each threshold.
REGISTRY_TASK_REMINDER_DAYS = {
    1: env.int("REGISTRY_TASK_REMIND_ASSIGNEE_DAYS", default=1),
    2: env.int("REGISTRY_TASK_ESCALATE_STATION_DAYS", default=7),
}
REGISTRY_TASK_REMINDER_LOOKBACK_DAYS = env.int("REGISTRY_TASK_REMINDER_LOOKBACK_DAYS", default=30)

# visits (issue 4): reminder levels fire this many days after the due date (1: child directors, 2: station,
# 3: leadership); a pass looks back this many days past each threshold (catch-up after downtime); "due soon" window.
VISIT_ESCALATION_DAYS = {
    1: 0,
    2: env.int("VISIT_ESCALATE_STATION_DAYS", default=7),
    3: env.int("VISIT_ESCALATE_LEADERSHIP_DAYS", default=14),
}
VISIT_REMINDER_LOOKBACK_DAYS = env.int("VISIT_REMINDER_LOOKBACK_DAYS", default=30)
VISIT_DUE_SOON_DAYS = env.int("VISIT_DUE_SOON_DAYS", default=3)
VISIT_PHOTO_MAX_BYTES = env.int("VISIT_PHOTO_MAX_BYTES", default=8 * 1024 * 1024)
VISIT_PHOTOS_MAX = env.int("VISIT_PHOTOS_MAX", default=6)  # photos per home visit
# The visit ledger (入户走访记录台账) writes at most this many visits; a larger export is refused with a message asking
# for a shorter date range or one village (a township's year is about a million visits, far past a request's time).
VISIT_EXPORT_MAX_ROWS = env.int("VISIT_EXPORT_MAX_ROWS", default=100_000)
# Photos are shown as these JPEGs (easy-thumbnails aliases, bounding boxes in px; the link opens the original), made
# on first request (visits/photos.py): thumb on the correction form, view on the visit page at phone width.
THUMBNAIL_ALIASES = {
    "visits.VisitPhoto.image": {
        "thumb": {"size": (320, 320), "quality": 80, "replace_alpha": "white"},
        "view": {"size": (1280, 1280), "quality": 80, "replace_alpha": "white"},
    },
}
THUMBNAIL_SOURCE_GENERATORS = ["easy_thumbnails.source_generators.pil_image"]  # Pillow only: no SVG from uploads

# dashboard: the printable monthly report lists the first this many rows of each list behind its figures (the
# workbook has them all), with how many more and where to find them.
DASHBOARD_REPORT_LIST_ROWS = env.int("DASHBOARD_REPORT_LIST_ROWS", default=50)

# audit (issue 7): closed files are anonymised this many years after the child's 18th birthday (anonymise_adults).
AUDIT_RETENTION_YEARS = env.int("AUDIT_RETENTION_YEARS", default=5)
