# Two commands: `make run` (portal + Celery worker + beat on SQLite and a file broker, demo data loaded)
# and `make test` (ruff + pytest). Everything else is a helper of those.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint install messages bench clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DEBUG=1 PY=$(PY) bash scripts/run.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: $(STAMP) lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf var/zhanpu.sqlite3* var/celery var/staticfiles

messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l en -e html,txt,py,svg --ignore=.venv --ignore=var --no-obsolete --no-location --no-wrap
	DEBUG=1 $(PY) manage.py compilemessages -l en --ignore=.venv

bench: $(STAMP)
	$(PY) bench/run.py
