#!/usr/bin/env bash
# Install what the tests need (packages into .venv, a headless Chromium, nginx, poppler) and run the
# whole suite: ruff, mypy, then pytest (extra arguments go to pytest, e.g. scripts/run-tests.sh -m browser).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/venv.sh

ensure_venv run-tests
install_requirements requirements-test.txt

# A headless browser; nginx and openssl for the deployment test (tests/test_deploy.py); poppler for
# the annual report's tests (pdftotext reads its PDF, pdftoppm renders its pages). The tests use
# /usr/bin/chromium when it exists, else Playwright's own.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
{ command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; } || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null; then
        apt_install() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"; }
        # A fresh machine has no package lists yet: update and retry once.
        apt_install "${missing[@]}" || { as_root apt-get update && apt_install "${missing[@]}"; }
    elif [ "${missing[*]}" = chromium ]; then
        .venv/bin/python -m playwright install chromium
    else
        echo "run-tests: install ${missing[*]} (the deployment and report tests need them)" >&2
        exit 1
    fi
fi

# Lint, check the types of iro_metrics/ (configured in pyproject.toml), then every test.
.venv/bin/ruff check .
.venv/bin/mypy
exec .venv/bin/pytest "$@"
