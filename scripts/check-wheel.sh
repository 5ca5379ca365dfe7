#!/usr/bin/env bash
# Build the wheel, install it into a fresh virtual environment and run it from another folder:
# what a user gets from `pip install` or `uv tool install` works with no checkout beside it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
uv build --quiet --wheel -o "$work/dist" "$here"
python3 -m venv "$work/venv"
bin="$work/venv/bin"
[ -d "$bin" ] || bin="$work/venv/Scripts"
"$bin/python" -m pip install --quiet "$work"/dist/zonedocs-*.whl
cd "$work"
"$bin/zonedocs" init "试用 目录" --sample >/dev/null
"$bin/zonedocs" check "试用 目录/inputs/主台账.xlsx" >/dev/null
"$bin/zonedocs" build "试用 目录/inputs/主台账.xlsx" -o "试用 目录/outputs" --json > build.json
written=$("$bin/python" -c "import json; print(len(json.load(open('build.json', encoding='utf-8'))['written']))")
[ "$written" -gt 100 ] || { echo "the installed wheel wrote only $written files" >&2; exit 1; }
echo "wheel: installed in a fresh environment, init/check/build wrote $written files"
