# Shared by run-dashboard.sh and run-tests.sh (sourced, not run): make .venv with Python 3.11 or
# newer, and install a requirements file into it unless it is unchanged since the last install.

PYTHON=${PYTHON:-python3}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ensure_venv NAME: create .venv when missing (NAME prefixes the error message).
ensure_venv() {
    [ -x .venv/bin/python ] && return 0
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "$1: needs Python 3.11 or newer as '$PYTHON' (set PYTHON=...)" >&2
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
}

# install_requirements FILE: pip install -r FILE, skipped while FILE (and what it includes with
# -r) is unchanged since the last install of FILE.
install_requirements() {
    local stamp=".venv/.installed-$1" want
    want=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        .venv/bin/python -m pip install --quiet -r "$1"
        echo "$want" >"$stamp"
    fi
}
