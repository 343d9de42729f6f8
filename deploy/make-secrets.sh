#!/bin/sh
# Writes the compose stack's secrets as files into ${1:-deploy/secrets}: the API-key pepper, the
# secrets-at-rest key and the bootstrap admin cloud key. The directory is 0700 (yours only); the files
# 0644, since compose bind-mounts them into containers running as uid 1000. Existing files are kept:
# a new pepper would invalidate every API key, a lost SECRETS_KEY every stored connector secret.
set -eu
dir=${1:-$(dirname "$0")/secrets}
mkdir -p "$dir"
chmod 0700 "$dir"
umask 077
put() { [ -s "$dir/$1" ] || printf '%s' "$2" > "$dir/$1"; }
rand() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
put api_key_pepper "$(rand 32)"
put secrets_key "k1:$(head -c 32 /dev/urandom | base64)"
put bootstrap_api_key "$(rand 8 | tr 'a-f' 'A-F')"
put bootstrap_api_secret "$(rand 32)"
chmod 0644 "$dir"/api_key_pepper "$dir"/secrets_key "$dir"/bootstrap_api_key "$dir"/bootstrap_api_secret
echo "secrets in $dir"
