#!/bin/bash
# The image's HEALTHCHECK: the API's readiness (Postgres and Redis answer), the worker's and the
# broker's /healthz on their metrics listeners; a one-shot `migrate` container is always healthy.
# bash's /dev/tcp instead of a node process: a probe every few seconds in every container must cost
# next to nothing (a node start is ~50 ms of CPU, and took over 10 s on the loaded 2-core machine).
set -u
loopback() { case "${1:-}" in '' | 0.0.0.0 | '::') echo 127.0.0.1 ;; *) echo "$1" ;; esac; }
process=$(cat /tmp/connectplane-process 2>/dev/null || echo api)
case "$process" in
  api) host=$(loopback "${HOST:-}") port=${PORT:-8080} path=/readyz ;;
  worker) host=$(loopback "${HOST:-}") port=${WORKER_METRICS_PORT:-9465} path=/healthz ;;
  broker) host=$(loopback "${BROKER_HOST:-}") port=${BROKER_METRICS_PORT:-9464} path=/healthz ;;
  *) exit 0 ;;
esac
exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$host" >&3
read -r -t 8 status_line <&3 || exit 1
case "$status_line" in
  'HTTP/1.'?' 200 '*) exit 0 ;;
  *) exit 1 ;;
esac
