#!/bin/sh
# One replica of the dashboard on loopback port $1, run by systemd (iro-dashboard@.service) or by
# deploy/supervise.py; every other setting comes from the environment (replica.env).
set -eu
cd "$(dirname "$0")/.."
exec .venv/bin/python -m iro_metrics.ui.serve --server.port "$1"
