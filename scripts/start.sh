#!/usr/bin/env bash
# Quick start, part 1: installs everything and runs the portal with the demo data
# (app on http://localhost:3000, backend on :7007, SQLite in memory, guest sign-in).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
yarn install
exec yarn start "$@"
