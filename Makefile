# The two commands of the README: `make serve` and `make test`.
.PHONY: serve test check setup

export NO_MKDOCS_2_WARNING := 1

setup:
	@scripts/setup.sh

serve: setup
	.venv/bin/mkdocs serve -a 127.0.0.1:8000

check: setup
	.venv/bin/ruff check plugins tests bench
	.venv/bin/ruff format --check plugins tests bench
	.venv/bin/mypy
	.venv/bin/sopkit check --strict

test: check
	.venv/bin/python -m pytest -q
