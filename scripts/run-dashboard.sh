#!/usr/bin/env bash
# Install what the dashboard needs into .venv (once) and start it on http://localhost:8501.
# Usage: scripts/run-dashboard.sh [extra `streamlit run` options, e.g. --server.port 8502]
# The data directory is $IRO_DATA_DIR (default data/demo).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. The virtual environment (Python >= 3.11).
if [ ! -x .venv/bin/python ]; then
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "run-dashboard: needs Python 3.11 or newer as '$PYTHON' (set PYTHON=...)" >&2
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

# 2. The packages, skipped while requirements.txt is unchanged since the last install.
stamp=.venv/.installed-requirements.txt
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    .venv/bin/python -m pip install --quiet -r requirements.txt
    echo "$want" >"$stamp"
fi

exec .venv/bin/streamlit run app.py "$@"
