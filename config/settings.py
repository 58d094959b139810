"""Settings for the legal drafts service: environment variables over embedded defaults.

With nothing set the service runs on SQLite, searches with the database backend and
runs background jobs in-process right after each commit.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from config.env import env_bool, env_int, env_list, env_str
from config.logging import logging_config
from config.secret_key import secret_key
from config.storage import s3_media_origins, s3_media_storage

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)
# Never a key anybody else knows: from the environment, or (development only) generated once
# into an untracked file. Production refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = secret_key(
    debug=DEBUG, generated_file=Path(env_str("DJANGO_SECRET_KEY_FILE", str(BASE_DIR / ".secret_key")))
)
# Rotating the key (README, "Production"): the previous keys still verify sessions and links until they expire.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before the admin, whose forms it extends with one name field per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "kernel",
    "files",
    "accounts",
    "drafts",
    "workflow",
    "library",
    "comments",
    "surveys",
    "search",
    "publishing",
    "opendata",
    "portal",
    "operations",
]

MIDDLEWARE = [
    # First: every log line and every answer of the request carries its id (config.request_id).
    "config.request_id.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.hostile_input.HostileInputMiddleware",
    "config.metrics.AfterMiddleware",
    # Last, so that a lockout raised by any authentication answers 429, not 500.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGES as written in settings: the language menu names each language in itself.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The bell's unread count, queried only when a page shows it.
                "portal.context_processors.notifications",
            ],
        },
    },
]

# SQLite takes concurrent writers only with WAL, a busy timeout and IMMEDIATE
# transactions; without them simultaneous requests fail with "database is locked".
SQLITE_OPTIONS = {
    "timeout": 30,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
# A kept connection is checked before a request reuses it, and opened afresh if the database restarted
# meanwhile: without the check, each thread's first request after a restart failed on its dead connection.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request (and the readiness check) in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    # A file, not memory, so that tests with threads share one database as production does.
    # SQLITE_TEST_DATABASE lets several test runs share a checkout without sharing a file.
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_DATABASE", str(BASE_DIR / "test-db.sqlite3"))}

# A PostgreSQL streaming replica for reads that may lag (search facets, exports, feeds): only the code
# inside kernel.replica.reads_may_lag() reads there (docs/deployment.md).
if _replica_url := env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0), conn_health_checks=True
    )
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
    # Tests have no replica: the alias reads the test database itself.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: counts failures and refuses a locked-out username from that address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Anonymous users are handled by our own visibility rules, not by a guardian user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_USER_OBJ_PERMS_MODEL = "drafts.DraftUserObjectPermission"
GUARDIAN_GROUP_OBJ_PERMS_MODEL = "drafts.DraftGroupObjectPermission"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling on every path that checks a password (pages, admin, API token): after
# AXES_FAILURE_LIMIT wrong passwords for one user name from one address, that pair is refused
# (429) for AXES_COOLOFF_MINUTES. Keyed on the pair so that nobody can lock another person out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_username"
AXES_VERBOSE = False
# Behind PROXY_COUNT trusted proxies the client's address is the one the outermost proxy saw.
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
PROXY_COUNT = env_int("PROXY_COUNT", 0)

# Sign-up confirmation links expire after this many seconds (and die on first use anyway).
ACCOUNT_CONFIRMATION_TIMEOUT = env_int("ACCOUNT_CONFIRMATION_TIMEOUT", 3 * 24 * 3600)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 3600)
# API tokens expire after this many hours, and die at once on a password change or deactivation.
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 24 * 7)

LANGUAGE_CODE = "uz"
LANGUAGES = [
    ("uz", "Oʻzbekcha"),
    ("uz-cyrl", "Ўзбекча"),
    ("ru", "Русский"),
    ("en", "English"),
]
# Reference data (act types, issuing bodies, expert groups) has a name in each language
# (drafts/translation.py); a name missing in one falls back to Uzbek Latin.
MODELTRANSLATION_DEFAULT_LANGUAGE = "uz"
MODELTRANSLATION_LANGUAGES = ("uz", "uz-cyrl", "ru", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("uz",)
TIME_ZONE = env_str("TIME_ZONE", "Asia/Tashkent")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Behind nginx (deploy/nginx): static files named by their content hash, so that nginx lets browsers
# keep them for a year; stored PDFs sent by nginx from an internal location under this prefix once
# the app has checked who may read them (X-Accel-Redirect). Without them Django serves both itself.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage."
        + ("ManifestStaticFilesStorage" if env_bool("STATIC_FILES_HASHED", False) else "StaticFilesStorage")
    },
}
# Stored files (uploads, official copies, prints) on an S3-compatible store when MEDIA_S3_BUCKET is set, so that
# app machines keep no local state (config.storage, docs/deployment.md); the local MEDIA_ROOT otherwise.
if s3_media := s3_media_storage():
    STORAGES["default"] = s3_media
X_ACCEL_REDIRECT_PREFIX = env_str("X_ACCEL_REDIRECT_PREFIX", "")

# Uploads (files/): the most bytes each kind may hold, and the bounds that catch archive and pixel bombs.
FILE_LIMITS = {
    "document": env_int("FILE_LIMIT_DOCUMENT", 20 * 1000 * 1000),
    "image": env_int("FILE_LIMIT_IMAGE", 10 * 1000 * 1000),
    "audio": env_int("FILE_LIMIT_AUDIO", 200 * 1000 * 1000),
    "video": env_int("FILE_LIMIT_VIDEO", 2 * 1000 * 1000 * 1000),
}
FILE_ARCHIVE_MAX_UNPACKED = env_int("FILE_ARCHIVE_MAX_UNPACKED", 200 * 1000 * 1000)
FILE_ARCHIVE_MAX_RATIO = env_int("FILE_ARCHIVE_MAX_RATIO", 100)
FILE_ARCHIVE_MAX_ENTRIES = env_int("FILE_ARCHIVE_MAX_ENTRIES", 10_000)
FILE_IMAGE_MAX_PIXELS = env_int("FILE_IMAGE_MAX_PIXELS", 50_000_000)
# Chunked uploads (files.chunked, /api/v1/uploads/): the bytes of each chunk, the uploads a user may have open
# at once, and the hours after which an upload left alone (or a finished one no owner took) is deleted.
FILE_UPLOAD_CHUNK_BYTES = env_int("FILE_UPLOAD_CHUNK_BYTES", 8 * 1024 * 1024)
FILE_UPLOADS_OPEN_PER_USER = env_int("FILE_UPLOADS_OPEN_PER_USER", 3)
FILE_UPLOAD_EXPIRE_HOURS = env_int("FILE_UPLOAD_EXPIRE_HOURS", 24)
# How long a signed address on an S3-compatible store stays good (files.serving).
FILE_SIGNED_URL_SECONDS = env_int("FILE_SIGNED_URL_SECONDS", 300)
# The optional virus scan: clamd's socket (a path) or host:port; uploads are held until scanned clean.
CLAMD_SOCKET = env_str("CLAMD_SOCKET", "")
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 60)

# Throttles keep anonymous callers (by address) and users (by account) from running up costs.
THROTTLE_RATES = {
    "login": env_str("THROTTLE_LOGIN", "30/min"),
    "search": env_str("THROTTLE_SEARCH", "60/min"),
    "print": env_str("THROTTLE_PRINT", "10/min"),
    "summary_pdf": env_str("THROTTLE_SUMMARY_PDF", "10/min"),
    "signup": env_str("THROTTLE_SIGNUP", "5/hour"),
    # The open-data export (opendata): each request may stream millions of rows.
    "export": env_str("THROTTLE_EXPORT", "30/min"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "config.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "kernel.schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_PARSER_CLASSES": [
        "config.hostile_input.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": THROTTLE_RATES,
    "NUM_PROXIES": PROXY_COUNT or None,
}
# A JSON body nested deeper than this is refused with 400 before it is parsed.
JSON_MAX_DEPTH = env_int("JSON_MAX_DEPTH", 32)
# Bodies over this many bytes are refused with 413 (files, when they come, have their own limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "legaldrafts",
    }
}
# One cache for every process and machine (throttle counts included) when REDIS_URL is set:
# redis://host:6379/0 or unix:///path/redis.sock?db=0. Each process has its own LocMem otherwise.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "kernel.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "legaldrafts",
    }

# Anonymous API answers (draft lists and drafts) are kept this long in the cache, keyed by the stamps of
# kernel.freshness, which change with the data; 0 turns the cache off (conditional GET goes with it).
RESPONSE_CACHE_SECONDS = env_int("RESPONSE_CACHE_SECONDS", 300)
# With REDIS_URL, the stamps are copied into Redis for this long (kernel.freshness): the longest a change
# can go unseen when its process dies between its commit and that copy. 0 reads them from the database.
STAMP_CACHE_SECONDS = env_int("STAMP_CACHE_SECONDS", 5)

# A Content-Security-Policy on every response: the pages load only our own scripts, styles,
# images and fonts, and nothing may frame them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Pictures, audio and video on an S3-compatible store reach the page through a redirect to a signed address there.
if s3_origins := s3_media_origins():
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += s3_origins
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"] = [SELF, *s3_origins]

# Production behind TLS (README, "Security"): each is off in development and set from the environment.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY", False) else None
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SPECTACULAR_SETTINGS = {
    "TITLE": "Legal drafts workflow API",
    "DESCRIPTION": (
        "Drafts of normative legal acts: expert review, public discussion, approval. "
        "Authenticate with `Authorization: Token <token>` from `POST /api/v1/auth/token/`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files: the docs work on a machine without internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DraftStateEnum": "kernel.states.State",
        "CommentStatusEnum": "comments.models.Status",
        "ResponseDecisionEnum": "comments.models.Decision",
        "ModerationDecisionEnum": ["publish", "reject"],
        # The language a user reads (GET/PATCH /api/v1/me/), and the language a draft is written in.
        "InterfaceLanguageEnum": LANGUAGES,
        "DraftLanguageEnum": "drafts.models.Language",
        "MaterialKindEnum": "library.models.Kind",
        "MaterialStatusEnum": "library.models.Material.Status",
        "AttachmentKindEnum": "drafts.models.AttachmentKind",
        "StoredFileStatusEnum": "files.models.StoredFile.Status",
        "CommentFileKindEnum": "comments.attachments.COMMENT_FILE_KIND_CHOICES",
        "CommentKindEnum": "comments.models.Kind",
        # A vote on a draft (for or against) and a comment's support (for only).
        "DraftVoteEnum": ["for", "against"],
        "CommentVoteEnum": ["for"],
    },
}

# Background jobs. Without a worker a job runs right after its request's transaction
# commits, in the same process; JOBS_BACKEND=database queues them for `manage.py db_worker`.
JOBS_BACKEND = env_str("JOBS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            # django_tasks_db's, carrying the request id into the job (kernel.jobs).
            "database": "kernel.jobs.DatabaseBackend",
        }[JOBS_BACKEND],
    }
}

# A PDF rendering claimed longer ago than this belongs to a process that died: catch_up (or the
# next request for the PDF) takes it over. catch_up runs this often on a database worker.
PDF_RENDER_STALE_MINUTES = env_int("PDF_RENDER_STALE_MINUTES", 5)
CATCH_UP_EVERY_MINUTES = env_int("CATCH_UP_EVERY_MINUTES", 5)
# With a database worker, the open-data dump (opendata.tasks) is written again this many hours after the last one.
OPENDATA_DUMP_EVERY_HOURS = env_int("OPENDATA_DUMP_EVERY_HOURS", 24)

# At most this many comments per user in this many seconds (COMMENT_RATE_LIMIT=10/600).
COMMENT_RATE_LIMIT = tuple(int(n) for n in env_str("COMMENT_RATE_LIMIT", "10/600").split("/"))

# Form-letter campaigns (comments.grouping): public comments of a draft whose word pairs overlap at least
# this much (Jaccard similarity, 0..1: 0.5, half of them, holds letters with a few words changed, a sentence
# moved and a signature apart; distinct comments stay far below) are grouped into one campaign at intake;
# CAMPAIGN_GROUPING=false turns it off.
CAMPAIGN_SIMILARITY = float(env_str("CAMPAIGN_SIMILARITY", "0.5"))
CAMPAIGN_GROUPING = env_bool("CAMPAIGN_GROUPING", True)

# Search: the database backend by default; Elasticsearch 9 when ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL", "")
SEARCH_BACKEND = env_str("SEARCH_BACKEND", "elasticsearch" if ELASTICSEARCH_URL else "database")
ELASTICSEARCH_INDEX = env_str("ELASTICSEARCH_INDEX", "legaldrafts")
# A summary of proposals with at least this many lines is streamed (comments.summary_stream): first byte at once, flat memory.
SUMMARY_STREAM_FROM = env_int("SUMMARY_STREAM_FROM", 5000)
# Matches are counted exactly up to this many; beyond it a search says "more than" (count_exact false) and
# ranks and counts facets over the newest this-many, so a common word costs what a rare one does.
SEARCH_COUNT_CAP = env_int("SEARCH_COUNT_CAP", 1000)
# Applied when `search_rebuild` creates the index: 1 and 0 for one node, 3 and 1 for a three-node cluster.
ELASTICSEARCH_SHARDS = env_int("ELASTICSEARCH_SHARDS", 1)
ELASTICSEARCH_REPLICAS = env_int("ELASTICSEARCH_REPLICAS", 0)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@drafts.example.uz")
# The public address of the site, scheme, host and port included (https://drafts.example.uz): links in
# e-mails to other people (notifications, expert assignments, comment answers) are built from it, never
# from the host of the request that caused them. The sign-up's own mails use the host signed up on.
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
# The licence the open-data package (opendata) is offered under, as its descriptor names it: an identifier
# (https://opendefinition.org/licenses/), the address of its text and its title. Official texts are no one's
# copyright; comments are published by their authors on the site's terms, which should name the same licence.
OPEN_DATA_LICENSE = {
    "name": env_str("OPEN_DATA_LICENSE_NAME", "CC-BY-4.0"),
    "path": env_str("OPEN_DATA_LICENSE_PATH", "https://creativecommons.org/licenses/by/4.0/"),
    "title": env_str("OPEN_DATA_LICENSE_TITLE", "Creative Commons Attribution 4.0"),
}

LOGIN_URL = "/accounts/login/"
# A landing that sends staff to My work and citizens to the discussions (portal.views_accounts.landing).
LOGIN_REDIRECT_URL = "/accounts/landing/"
LOGOUT_REDIRECT_URL = "/"

# One line per record on the console, with the request id (config.logging): JSON lines when
# DJANGO_LOG_FORMAT=json, and by default when DEBUG is off; readable text otherwise.
LOGGING = logging_config(
    json=env_str("DJANGO_LOG_FORMAT", "text" if DEBUG else "json") == "json", level=env_str("LOG_LEVEL", "WARNING")
)

# /api/v1/health/ready/ (config.readiness): a backlog older or deeper than these fails it (0: no limit).
READY_MAX_QUEUE_DEPTH = env_int("READY_MAX_QUEUE_DEPTH", 1000)
READY_MAX_JOB_AGE_SECONDS = env_int("READY_MAX_JOB_AGE_SECONDS", 600)
READY_MAX_RENDER_AGE_SECONDS = env_int("READY_MAX_RENDER_AGE_SECONDS", 900)
READY_MAX_INDEX_AGE_SECONDS = env_int("READY_MAX_INDEX_AGE_SECONDS", 900)
# The database's statement timeout and the search engine's ping, in the check.
READY_TIMEOUT_SECONDS = env_int("READY_TIMEOUT_SECONDS", 2)
# One report serves the probes of this many seconds (per process); a 503 asks to retry after the other.
READY_CACHE_SECONDS = env_int("READY_CACHE_SECONDS", 2)
READY_RETRY_AFTER_SECONDS = env_int("READY_RETRY_AFTER_SECONDS", 30)
# /internal/metrics (config.metrics): when set, a scraper must send `Authorization: Bearer <token>`.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
