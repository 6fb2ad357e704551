# The two commands of the README, `make serve` and `make test`, and the maintainers'
# `make lock` (refresh requirements/*.txt) and `make test-latest` (the suite against the
# newest versions pyproject.toml allows, in .venv-latest).
.PHONY: serve test check setup lock test-latest dist

export NO_MKDOCS_2_WARNING := 1
VENV ?= .venv
SETUP ?=

setup:
	@scripts/setup.sh $(SETUP) $(VENV)

serve: setup
	$(VENV)/bin/mkdocs serve -a 127.0.0.1:8000

check: setup
	$(VENV)/bin/ruff check plugins tests bench
	$(VENV)/bin/ruff format --check plugins tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/sopkit check --strict

# Two workers (the suite stays under 15 minutes on 2 cores); each builds the session's
# sites once. `.venv/bin/python -m pytest` alone runs the suite in one process.
test: check
	$(VENV)/bin/python -m pytest -q -n 2 --dist worksteal

test-latest:
	$(MAKE) test VENV=.venv-latest SETUP=--latest

lock: setup
	scripts/lock.sh

dist: setup
	rm -rf dist
	$(VENV)/bin/python -m build --no-isolation --outdir dist
