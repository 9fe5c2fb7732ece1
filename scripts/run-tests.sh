#!/usr/bin/env bash
# Install what the tests need (packages into .venv, a headless Chromium) and run the whole suite:
# ruff, then pytest (extra arguments go to pytest, e.g. scripts/run-tests.sh -k browser).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. The virtual environment (Python >= 3.11).
if [ ! -x .venv/bin/python ]; then
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "run-tests: needs Python 3.11 or newer as '$PYTHON' (set PYTHON=...)" >&2
        exit 1
    fi
    if ! "$PYTHON" -m venv .venv; then
        # Debian ships venv/ensurepip separately.
        rm -rf .venv
        command -v apt-get >/dev/null || exit 1
        as_root apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv
        "$PYTHON" -m venv .venv
    fi
fi

# 2. The packages, skipped while the requirement files are unchanged since the last install.
want=$(cat requirements.txt requirements-test.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat .venv/.installed-requirements-test.txt 2>/dev/null)" != "$want" ]; then
    .venv/bin/python -m pip install --quiet -r requirements-test.txt
    echo "$want" >.venv/.installed-requirements-test.txt
    # requirements-test.txt includes requirements.txt: the dashboard's packages are in too.
    sha256sum requirements.txt | cut -d' ' -f1 >.venv/.installed-requirements.txt
fi

# 3. A headless browser. The tests use /usr/bin/chromium when it exists, else Playwright's own.
if [ ! -x /usr/bin/chromium ]; then
    if command -v apt-get >/dev/null; then
        apt_install() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"; }
        # A fresh machine has no package lists yet: update and retry once.
        apt_install chromium || { as_root apt-get update && apt_install chromium; }
    else
        .venv/bin/python -m playwright install chromium
    fi
fi

# 4. Lint, then every test.
.venv/bin/ruff check .
exec .venv/bin/pytest "$@"
