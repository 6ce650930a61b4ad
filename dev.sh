#!/usr/bin/env bash
# chainrule's two entry points; each sets up .venv on first use.
#   bash dev.sh report   -> builds the full lab report into report/ (the main job)
#   bash dev.sh test     -> lint, format check, type check and the test suite
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
fi
case "${1:-}" in
    report)
        .venv/bin/python -m pip install --quiet -e .
        shift
        exec .venv/bin/chainrule report --out report "$@"
        ;;
    test)
        .venv/bin/python -m pip install --quiet -e '.[test]'
        .venv/bin/ruff check src tests bench
        .venv/bin/ruff format --check src tests bench
        .venv/bin/mypy
        exec .venv/bin/python -m pytest
        ;;
    *)
        echo "usage: bash dev.sh report|test" >&2
        exit 2
        ;;
esac
