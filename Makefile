# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install migrate seed graph bench clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Serves the demo world on SQLite with in-process jobs: nothing else to start.
run: seed
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver 0.0.0.0:$(PORT)

# The whole suite; DATABASE_URL=postgres://... runs it on PostgreSQL.
test: install
	$(BIN)/python -m pytest

graph: install
	$(BIN)/python manage.py workflow_graph

bench: install
	$(BIN)/python bench/drafts_api.py

clean:
	rm -rf $(VENV) db.sqlite3* test-db.sqlite3* staticfiles
