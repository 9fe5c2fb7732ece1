#!/usr/bin/env bash
# Install what the tests need (packages into .venv, a headless Chromium) and run the whole suite:
# ruff, mypy, then pytest (extra arguments go to pytest, e.g. scripts/run-tests.sh -m browser).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/venv.sh

ensure_venv run-tests
install_requirements requirements-test.txt

apt_install() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"; }
# A fresh machine has no package lists yet: update and retry once.
apt_install_or_update() { apt_install "$@" || { as_root apt-get update && apt_install "$@"; }; }

# A headless browser. The tests use /usr/bin/chromium when it exists, else Playwright's own.
if [ ! -x /usr/bin/chromium ]; then
    if command -v apt-get >/dev/null; then
        apt_install_or_update chromium
    else
        .venv/bin/python -m playwright install chromium
    fi
fi

# The annual report's tests read its PDF with pdftotext and render its pages with pdftoppm.
if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
    apt_install_or_update poppler-utils
fi

# Lint, check the types of iro_metrics/ (configured in pyproject.toml), then every test.
.venv/bin/ruff check .
.venv/bin/mypy
exec .venv/bin/pytest "$@"
