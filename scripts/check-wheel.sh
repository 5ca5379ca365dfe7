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
# The web page from the installed wheel: its pages and static files are in the package.
"$bin/python" - "$bin/zonedocs" <<'PY'
import re, signal, subprocess, sys, urllib.request
server = subprocess.Popen([sys.argv[1], "serve", "试用 目录", "--port", "0", "--no-browser", "--token", "wheel"],
                          stdout=subprocess.PIPE, text=True, encoding="utf-8")
try:
    url = next(m.group(1) for line in server.stdout if (m := re.search(r"(http://\S+)/\?token=", line)))
    for path in ("/", "/files", "/static/app.css", "/static/app.js"):
        request = urllib.request.Request(url + path, headers={"Authorization": "Bearer wheel"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200, path
    print("wheel: zonedocs serve answered its pages and static files")
finally:
    server.send_signal(signal.SIGINT)
    server.wait(timeout=30)
PY
