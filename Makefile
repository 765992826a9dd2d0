# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite fuzz mutants bench load faults setup system-deps system-deps-test translations messages demo check clean vendor

run: system-deps setup demo  ## set everything up and serve the site on http://127.0.0.1:8000 (SQLite)
	HOST=$(HOST) PORT=$(PORT) scripts/dev-server.sh

test: system-deps-test setup  ## install what the suite needs and run all of it, on SQLite and on PostgreSQL
	$(BIN)/pytest
	scripts/with-postgres.sh $(BIN)/python -W ignore -m tests.bench.load_burst --requests 100 --seats 20 --max-seconds 30
	scripts/with-postgres.sh $(BIN)/pytest

test-sqlite: setup
	$(BIN)/pytest

fuzz: setup  ## property-based tests with random input and 10x the examples of `make test`; add what it finds as @example
	LMS_HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/test_fuzzing.py

# `make mutants MUTANTS='lms.validators.*'` mutates one module (mutant names are module.function__mutmut_N).
MUTANTS ?=
# Mutants tested at once; each pytest run works on its own copy of the test database.
MUTANT_WORKERS ?= 2
MUTANTS_DB := $(CURDIR)/var/mutants-template.sqlite3

mutants: setup $(BIN)/.mutation  ## mutation testing (mutmut) of the rules: events/services, certificates' selectors, services, signing, lms/validators
	rm -f $(MUTANTS_DB)
	DJANGO_SETTINGS_MODULE=lms.settings.test DATABASE_URL=sqlite:///$(MUTANTS_DB) $(MANAGE) migrate --noinput -v 0
	LMS_TEST_DATABASE_TEMPLATE=$(MUTANTS_DB) $(BIN)/mutmut run --max-children $(MUTANT_WORKERS) $(MUTANTS)
	$(BIN)/mutmut results

$(BIN)/.mutation: $(BIN)/.installed
	$(BIN)/pip install -q -e ".[test,mutation]"
	touch $@

load: system-deps-test setup  ## burst of 500 registrations for 100 seats, then a 3-minute soak; gunicorn + PostgreSQL
	-scripts/with-postgres.sh $(BIN)/python -W ignore -m tests.bench.load_burst --requests 500 --seats 100
	scripts/with-postgres.sh $(BIN)/python -W ignore -m tests.bench.load_soak --seconds 180

faults: system-deps-test setup  ## PostgreSQL restarted during a registration burst, the task worker killed while rendering certificates: nothing lost, duplicated or left behind
	scripts/with-postgres.sh $(BIN)/python -W ignore -m tests.bench.faults

bench: system-deps-test setup  ## benchmarks: page render times (2,000 events, 50,000 registrations); the programme report (3,000 events, 100,000 registrations); a 2,000-row roster import; analytics ingest (1,000 attendees); 1,000 certificates; callback to certificate mails (300 attendees, PostgreSQL, workers)
	$(BIN)/python -m tests.bench.bench_pages
	$(BIN)/python -W ignore -m tests.bench.bench_reports
	$(BIN)/python -W ignore -m tests.bench.bench_roster_import
	$(BIN)/python -m tests.bench.bench_attendance
	$(BIN)/python -W ignore -m tests.bench.bench_certificates --count 1000
	scripts/with-postgres.sh $(BIN)/python -W ignore -m tests.bench.bench_webinar_certificates --attendees 300

system-deps:
	scripts/system-deps.sh run

system-deps-test:
	scripts/system-deps.sh test

setup: $(BIN)/.installed translations vendor
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) migrate --noinput

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $@

# Browser libraries come from npm (package.json, pinned in package-lock.json) and are served from our own static
# files, never from a CDN: `npm ci` runs again only when the lock file changes, and the browser builds are copied
# to static/vendor/ (git-ignored: the npm package is their source).
ZXING := static/vendor/zxing-wasm

vendor: $(ZXING)/zxing_reader.wasm

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

$(ZXING)/zxing_reader.wasm: node_modules/.installed
	mkdir -p $(ZXING)
	cp node_modules/zxing-wasm/dist/iife/reader/index.js $(ZXING)/zxing-reader.js
	cp node_modules/zxing-wasm/LICENSE $(ZXING)/LICENSE
	cp node_modules/zxing-wasm/dist/reader/zxing_reader.wasm $@

translations: $(BIN)/.installed  ## compile locale/*/LC_MESSAGES/django.po
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0

messages: $(BIN)/.installed  ## collect new UI strings into the .po files (then translate them)
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) makemessages -l pl -l en -l uk -l ru --ignore=.venv --ignore=var --ignore=tests --no-obsolete

# update_index: a database from before a change to what pages index (lms/search_words.py) is searched as it is now.
demo: setup  ## load the demo content and accounts (safe to run again)
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) load_demo
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) update_index -v 0

check: setup
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) check

clean:
	rm -rf $(VENV) var node_modules static/vendor
