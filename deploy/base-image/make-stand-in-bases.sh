#!/bin/sh
# Makes local stand-ins for the two base images deploy/ builds from, where no image registry is
# reachable (our development and CI machines), so deploy/Dockerfile and deploy/proxy/Dockerfile
# build unchanged:
#   debian:bookworm-slim   Debian bookworm, debootstrap --variant=minbase, docs/locales/apt lists removed
#   node:20-bookworm-slim  the same plus this machine's Node 20 and npm laid out as the official
#                          image has them (/usr/local/bin/node, npm, npx; user `node`, uid 1000),
#                          and this machine's CA bundle as NODE_EXTRA_CA_CERTS: the registry is
#                          reached through an egress proxy with its own CA here, as a corporate
#                          base image would trust a corporate proxy
# Each is `docker import`ed from a root file system tarball cached in $CONNECTPLANE_BASE_CACHE, so
# debootstrap runs once per machine and an image is only imported when its tag is missing. A tag
# that exists already (a real image pulled from a registry) is never replaced.
set -eu
CACHE_DIR=${CONNECTPLANE_BASE_CACHE:-/var/cache/connectplane-base}
LABEL=org.connectplane.stand-in
DEBIAN_TAG=debian:bookworm-slim
NODE_TAG=node:20-bookworm-slim

NODE_BIN=$(readlink -f "$(command -v node)")
NODE_VERSION=$("$NODE_BIN" --version)
case "$NODE_VERSION" in v20.*) ;; *) echo "need Node 20 on this machine, found $NODE_VERSION" >&2; exit 1 ;; esac
NPM_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
DEBIAN_TAR="$CACHE_DIR/debian-bookworm-minbase.tar"
NODE_TAR="$CACHE_DIR/debian-bookworm-node-$NODE_VERSION.tar"
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}

have() { docker image inspect "$1" >/dev/null 2>&1; }
if have "$DEBIAN_TAG" && have "$NODE_TAG"; then
  echo "$DEBIAN_TAG and $NODE_TAG present"
  exit 0
fi

mkdir -p "$CACHE_DIR"
ROOTFS=''
trap '[ -z "$ROOTFS" ] || rm -rf "$ROOTFS"' EXIT
slim() {
  rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/usr/share/doc/* "$1"/usr/share/man/* \
    "$1"/usr/share/locale/* "$1"/var/log/*.log
}
if [ ! -s "$DEBIAN_TAR" ]; then
  ROOTFS=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
  debootstrap --variant=minbase bookworm "$ROOTFS" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  # the mirror the official image uses, as a deb822 source
  rm -f "$ROOTFS/etc/apt/sources.list"
  printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    > "$ROOTFS/etc/apt/sources.list.d/debian.sources"
  slim "$ROOTFS"
  tar -C "$ROOTFS" --numeric-owner -cf "$DEBIAN_TAR.part" .
  mv "$DEBIAN_TAR.part" "$DEBIAN_TAR"
fi
if [ ! -s "$NODE_TAR" ]; then
  if [ -z "$ROOTFS" ]; then
    ROOTFS=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
    tar -C "$ROOTFS" -xf "$DEBIAN_TAR"
  fi
  install -m 0755 "$NODE_BIN" "$ROOTFS/usr/local/bin/node"
  mkdir -p "$ROOTFS/usr/local/lib/node_modules"
  cp -a "$NPM_DIR" "$ROOTFS/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
  if [ -s "$CA_BUNDLE" ]; then
    mkdir -p "$ROOTFS/etc/ssl/certs"
    cp "$CA_BUNDLE" "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
  fi
  chroot "$ROOTFS" groupadd --gid 1000 node
  chroot "$ROOTFS" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  slim "$ROOTFS"
  tar -C "$ROOTFS" --numeric-owner -cf "$NODE_TAR.part" .
  mv "$NODE_TAR.part" "$NODE_TAR"
fi

PATH_ENV='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
if ! have "$DEBIAN_TAG"; then
  docker import --change "$PATH_ENV" --change "LABEL $LABEL=debootstrap-bookworm-minbase" \
    --change 'CMD ["bash"]' "$DEBIAN_TAR" "$DEBIAN_TAG"
fi
if ! have "$NODE_TAG"; then
  docker import --change "$PATH_ENV" --change "ENV NODE_VERSION=${NODE_VERSION#v}" \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change "LABEL $LABEL=debootstrap-bookworm-minbase-node-$NODE_VERSION" \
    --change 'CMD ["node"]' "$NODE_TAR" "$NODE_TAG"
fi
echo "stand-ins: $DEBIAN_TAG, $NODE_TAG (cache $CACHE_DIR)"
