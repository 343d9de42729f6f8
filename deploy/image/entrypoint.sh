#!/bin/sh
# The image's entry point: the first argument chooses the process (one process per container, so a
# restart policy or an orchestrator supervises each on its own). `exec` makes node the process that
# receives SIGTERM (our processes drain on it: docs/operations.md, "What SIGTERM does").
set -eu
process=${1:-api}
# Secrets from files (Docker/Kubernetes secrets): VAR_FILE=/run/secrets/x sets VAR to the file's
# content, as the Postgres image does. A variable set directly wins over its _FILE twin.
for name in DATABASE_URL REDIS_URL API_KEY_PEPPER SECRETS_KEY BOOTSTRAP_API_KEY BOOTSTRAP_API_SECRET \
  OPERATOR_API_KEY OPERATOR_API_SECRET BROKER_STATIC_USERS; do
  file=$(printenv "${name}_FILE" 2>/dev/null || true)
  if [ -n "$file" ] && [ -z "$(printenv "$name" 2>/dev/null || true)" ]; then
    value=$(cat "$file")
    export "$name=$value"
  fi
done
# The health check reads which process this container runs.
echo "$process" > /tmp/connectplane-process 2>/dev/null || true
case "$process" in
  api) exec node --enable-source-maps dist/apps/api/src/main.js ;;
  worker) exec node --enable-source-maps --max-semi-space-size=8 dist/apps/worker/src/main.js ;;
  broker) exec node --enable-source-maps dist/apps/broker/src/main.js ;;
  migrate) exec node --enable-source-maps deploy/image/migrate.js ;;
  *) exec "$@" ;;
esac
