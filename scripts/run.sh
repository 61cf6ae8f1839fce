#!/usr/bin/env bash
# Runs the portal on the embedded default: migrate, load organisation + demo data, then web, Celery worker and
# Celery beat side by side. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export DEBUG=${DEBUG:-1}
mkdir -p var/celery/queue var/celery/processed

"$PY" manage.py migrate --no-input
"$PY" manage.py seed_demo

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping web, worker and beat..."
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$PY" -m celery -A zhanpu worker --loglevel=INFO --concurrency=1 --pool=solo &
pids+=($!)
"$PY" -m celery -A zhanpu beat --loglevel=INFO --schedule=var/celerybeat-schedule &
pids+=($!)
"$PY" manage.py runserver 127.0.0.1:8000 &
pids+=($!)
echo "Portal: http://127.0.0.1:8000  (demo password: zhanpu-demo)"
wait -n "${pids[@]}"
