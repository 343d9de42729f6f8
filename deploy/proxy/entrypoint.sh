#!/bin/sh
# Writes nginx's configuration from the environment, then runs nginx in the foreground.
#   PROXY_LISTEN     address:port or port to listen on (default 8080)
#   PROXY_UPSTREAMS  the API instances, space separated host:port (default "api-1:8080 api-2:8080")
# A request whose connection an instance refuses or resets before answering (an instance stopped
# or restarting) is passed to the next one (proxy_next_upstream), so a rolling restart of the API
# instances is invisible to clients. nginx does not retry a POST/PATCH/DELETE an instance has
# already received, and our instances answer every request they accepted before they exit
# (docs/operations.md, "What SIGTERM does"). A fresh connection per proxied request (no upstream
# keep-alive) avoids reusing a connection an instance closes while draining. Instances are never
# marked down (max_fails=0): a refused connection on loopback costs little, and marking one down
# during a roll could leave no live upstream at all.
set -eu
listen=${PROXY_LISTEN:-8080}
servers=''
for u in ${PROXY_UPSTREAMS:-api-1:8080 api-2:8080}; do
  servers="$servers    server $u max_fails=0;
"
done
cat > /etc/nginx/conf.d/connectplane.conf <<CONF
upstream connectplane_api {
$servers}
server {
    listen $listen;
    client_max_body_size 16m;
    location / {
        proxy_pass http://connectplane_api;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 4;
        proxy_connect_timeout 2s;
        proxy_read_timeout 120s;
        proxy_set_header Host \$http_host;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto \$scheme;
    }
}
CONF
exec nginx -g 'daemon off;'
