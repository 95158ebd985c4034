#!/usr/bin/env bash
# Installs the semantic oracle's one dependency, PyPI `dockerfile` (a binding to BuildKit's
# parser), into a virtual environment at $ORACLE_VENV (default ~/.cache/dockfix-oracle), the
# place tests/common/mod.rs and ../shared/tools/oracle/oracle.py look. Idempotent.
set -euo pipefail
venv=${ORACLE_VENV:-$HOME/.cache/dockfix-oracle}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import dockerfile' 2>/dev/null || "$venv/bin/pip" install -q dockerfile==3.4.0
echo "oracle ready: $venv/bin/python"
