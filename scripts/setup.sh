#!/usr/bin/env bash
# Installs everything sopkit needs on a fresh Debian/Ubuntu machine: system packages
# (when root; otherwise says what to run) and a virtual environment in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium runs the browser tests; Graphviz draws flowcharts; Pango and fonts make PDFs.
packages=(chromium graphviz libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
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

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.sopkit-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi
