#!/usr/bin/env bash
# Serves the demo: Django's server plus a Huey job worker; Ctrl-C stops both.
set -euo pipefail
host=${1:-127.0.0.1}; port=${2:-8000}
py=.venv/bin/python
$py manage.py run_huey --quiet &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
$py manage.py demo_logins
echo "Yidang 一户一档: http://$host:$port/"
$py manage.py runserver --noreload "$host:$port"
