#!/usr/bin/env bash
# Install what the dashboard needs into .venv (once) and start it on http://localhost:8501.
# Usage: scripts/run-dashboard.sh [extra `streamlit run` options, e.g. --server.port 8502]
# The data directory is $IRO_DATA_DIR (default data/demo); the audience is $IRO_AUDIENCE
# (public unless set to manager; see docs/audiences.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/venv.sh

ensure_venv run-dashboard
install_requirements requirements.txt
exec .venv/bin/python -m iro_metrics.ui.serve "$@"
