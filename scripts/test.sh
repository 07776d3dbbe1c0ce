#!/usr/bin/env bash
# Quick start, part 2: installs everything and runs every test once: unit and integration
# tests (backend tests on both SQLite and PostgreSQL), then the end-to-end test in Chromium.
# A private PostgreSQL 15 is started on 127.0.0.1 (and stopped at the end) unless
# BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING already points at one.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh

if [ "${CI:-}" = true ]; then
  yarn install --immutable
else
  yarn install
fi

if [ -z "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
  BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$(scripts/postgres.sh start)"
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  trap 'scripts/postgres.sh stop' EXIT
fi

# No Docker engine is needed: PostgreSQL comes from the line above, SQLite is in-process.
export BACKSTAGE_TEST_DISABLE_DOCKER=1
CI=true yarn test

# And the end-to-end test: the demo portal in Debian's Chromium.
scripts/e2e.sh
