# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint install translations system-packages migrate seed graph bench clean production test-production bench-production bench-files bench-campaigns bench-docx bench-export bench-docket

# From Debian, installed when missing (needs root): Pango for WeasyPrint, Chromium for the
# browser tests, gettext to compile the translations, libmagic and ffmpeg (ffprobe) to judge uploads, clamav-daemon
# for the virus scan's test (clamd on a test signature, tests/storage/test_clamd.py); for `make production`, nginx (with brotli),
# PostgreSQL, Redis and openssl (the self-signed certificate); wrk for bench/production.py.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium gettext \
	nginx-light libnginx-mod-http-brotli-filter postgresql redis-server openssl wrk libmagic1 ffmpeg clamav-daemon

system-packages:
	@if command -v dpkg >/dev/null && ! dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then \
	  echo "Installing $(SYSTEM_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); \
	fi

$(BIN)/.installed: requirements.txt | system-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Translations are compiled from locale/*/LC_MESSAGES/django.po whenever they change.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%.mo: locale/%.po
	msgfmt --check -o $@ $<

translations: $(MO_FILES)

install: $(BIN)/.installed translations

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Serves the demo world on SQLite with in-process jobs: nothing else to start.
run: seed
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver 0.0.0.0:$(PORT)

# The import contract (.importlinter: an app imports only the layers below it) and the linter.
lint: install
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check .

# The whole suite, after the lint, on both cores (pytest-xdist: each worker has its own test database);
# DATABASE_URL=postgres://... runs it on PostgreSQL.
test: install lint
	$(BIN)/python -m pytest -n 2

# The production stack on this machine, in the foreground until Ctrl-C or SIGTERM (README, "Production"):
# nginx on PORT (8080 unless given), gunicorn, PostgreSQL, Redis and db_worker under supervisord.
production: install translations
	PORT=$(if $(filter command line environment,$(origin PORT)),$(PORT),8080) $(BIN)/python bin/production

# Starts that stack from scratch and drives it (tests/production, not part of `make test`).
test-production: install translations
	$(BIN)/python -m pytest tests/production -p no:cacheprovider

# nginx + gunicorn against gunicorn alone, with wrk (bench/production.py).
bench-production: install translations
	$(BIN)/python bench/production.py

# A 200 MB file up (chunked) and down (whole, ranges) through the same two paths, against a copy on disk (bench/files.py).
bench-files: install translations
	$(BIN)/python bench/files.py

# A 1,500-page code from Word: judged, read and parsed against reading and unzipping it; then imported, shown and exported (bench/word.py).
bench-docx: install translations
	$(BIN)/python bench/word.py

# The open-data export of 1,000,000 comments on PostgreSQL through gunicorn: rows/s and RSS (bench/export.py).
bench-export: install translations
	$(BIN)/python bench/export.py

# Docket scale (issue 13): every figure of the issue's table against /api/v1/health/, with wrk on PostgreSQL behind
# gunicorn, in its own database legaldrafts_bench_docket (bench/docket.py; --sqlite for SQLite's search figure).
bench-docket: install translations
	$(BIN)/python bench/docket.py
	$(BIN)/python bench/docket.py --sqlite --only search --discussion 1000 --summary 1000

# Form-letter campaigns: grouping precision, recall and speed on a generated 1,000,000-comment docket, and API
# intake with grouping off and on (bench/campaigns.py).
bench-campaigns: install translations
	$(BIN)/python bench/campaigns.py

graph: install
	$(BIN)/python manage.py workflow_graph

bench: install
	$(BIN)/python bench/drafts_api.py
	$(BIN)/python bench/comments.py
	$(BIN)/python bench/pdf.py

clean:
	rm -rf $(VENV) db.sqlite3* test-db.sqlite3* staticfiles .run
