#!/usr/bin/env bash
# Refreshes the lock: the newest versions pyproject.toml's ranges allow, pinned with
# their hashes in requirements/*.txt, which `make test` and `make serve` install.
#   requirements/runtime.txt  what the sopkit package needs (the wheel test installs it)
#   requirements/dev.txt      that, plus the tests, linters, lock and build tools
# Run it with the oldest supported Python (3.11), as `make lock` does from .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
pip_compile=.venv/bin/pip-compile

# The lock must work on any machine: it names packages, versions and hashes only, never
# a local index, a find-links folder or a constraint this machine happens to have.
export PIP_CONFIG_FILE=/dev/null
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_CONSTRAINT
export CUSTOM_COMPILE_COMMAND="make lock"

options=(--quiet --upgrade --generate-hashes --allow-unsafe --strip-extras
  --no-emit-index-url --no-emit-find-links --no-emit-trusted-host)
"$pip_compile" "${options[@]}" --output-file requirements/runtime.txt pyproject.toml
# The build backend is locked too: `make test` installs sopkit without build isolation,
# so nothing is fetched unpinned.
"$pip_compile" "${options[@]}" --extra dev --all-build-deps \
  --constraint requirements/runtime.txt --output-file requirements/dev.txt pyproject.toml
