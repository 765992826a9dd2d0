#!/usr/bin/env bash
# `make run`: the development server, the periodic jobs (reminders, webinar rooms, scheduled publishing,
# mail retries) and the BigBlueButton stand-in on 127.0.0.1:8090 (unless BBB_URL points at a real server).
# Ctrl-C stops all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-lms.settings.dev}
host=${HOST:-127.0.0.1}
port=${PORT:-8000}
export LMS_BASE_URL=${LMS_BASE_URL:-http://$host:$port}
children=()
trap 'kill "${children[@]}" 2>/dev/null || true' EXIT INT TERM
if [ -z "${BBB_URL:-}" ]; then
    export BBB_URL=http://127.0.0.1:8090/ BBB_SECRET=dev-standin-secret
    .venv/bin/python -m devtools.bbb_standin --port 8090 --secret "$BBB_SECRET" &
    children+=($!)
fi
.venv/bin/python manage.py run_periodic &
children+=($!)
echo "Site: http://$host:$port/   admin: http://$host:$port/admin/   e-mails: var/mail/   BBB: $BBB_URL"
.venv/bin/python manage.py runserver "$host:$port"
