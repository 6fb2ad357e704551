#!/usr/bin/env bash
# Installs everything sopkit's development needs on a fresh Debian/Ubuntu machine:
# system packages (when root; otherwise says what to run) and a virtual environment.
#
#   scripts/setup.sh [VENV]            the locked versions of requirements/dev.txt
#   scripts/setup.sh --latest [VENV]   the newest versions pyproject.toml's ranges allow
set -euo pipefail
cd "$(dirname "$0")/.."
latest=false
if [ "${1:-}" = --latest ]; then
  latest=true
  shift
fi
venv=${1:-.venv}

# Chromium runs the browser tests; Graphviz draws flowcharts; Pango and fonts make PDFs;
# gettext's msgfmt checks the PO files `sopkit translate export` writes.
packages=(chromium graphviz libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    echo "(macOS: brew install graphviz pango; then point SOPKIT_CHROMIUM at a Chromium.)" >&2
  fi
fi

# The environment is made anew whenever what it was made from changes (the lock, the
# project's ranges, this script; for the newest versions, the day), so a package the
# lock no longer names does not linger.
if $latest; then
  made_from=latest-$(date +%F)-$(sha256sum <scripts/setup.sh | cut -c1-8)
else
  made_from=$(cat requirements/dev.txt pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)
fi
stamp=$venv/.sopkit-installed
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$made_from" ]; then
  exit 0
fi
rm -rf "$venv"
python3 -m venv "$venv"
if $latest; then
  echo "Installing the newest versions pyproject.toml allows into $venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q --upgrade -e '.[dev]'
  # The build backend too, as the locked environment has it (the release test builds
  # the wheel without isolation).
  build_requires=$("$venv/bin/python" -c 'import tomllib
with open("pyproject.toml", "rb") as f:
    print(" ".join(tomllib.load(f)["build-system"]["requires"]))')
  # shellcheck disable=SC2086 # one argument per requirement
  "$venv/bin/python" -m pip install -q --upgrade $build_requires
else
  echo "Installing the locked versions of requirements/dev.txt into $venv"
  "$venv/bin/python" -m pip install -q --require-hashes -r requirements/dev.txt
  # The build backend came from the lock: nothing is fetched unpinned.
  "$venv/bin/python" -m pip install -q --no-deps --no-build-isolation -e .
fi
"$venv/bin/python" -m pip check
echo "$made_from" >"$stamp"
