#!/usr/bin/env bash
# `make run`: the development server plus the periodic jobs (reminders, scheduled publishing, mail retries).
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-lms.settings.dev}
host=${HOST:-127.0.0.1}
port=${PORT:-8000}
.venv/bin/python manage.py run_periodic &
periodic=$!
trap 'kill $periodic 2>/dev/null || true' EXIT INT TERM
echo "Site: http://$host:$port/   admin: http://$host:$port/admin/   e-mails: var/mail/"
.venv/bin/python manage.py runserver "$host:$port"
