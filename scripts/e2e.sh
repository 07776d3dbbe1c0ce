#!/usr/bin/env bash
# End-to-end test: starts the demo portal (the README's run command, without the install),
# waits until the example clusters are scanned, and drives Debian's Chromium through it with
# playwright-core (e2e/portal.e2e.mjs, then the layout and print checks of e2e/layout.e2e.mjs and
# axe-core). Screenshots go to e2e-test-report/; with UPDATE_SCREENSHOTS=1 they also replace the
# ones in docs/screenshots/. The app is built for production first (packages/app/dist, which the
# backend serves on :7007) so that scripts/tab-timing.mjs can time the Security tab in it;
# E2E_SKIP_BUILD=1 reuses the build there.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh

if [ ! -x /usr/bin/chromium ]; then
  echo "e2e: installing Debian's chromium package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq chromium >&2
fi

for port in 3000 7007; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "e2e: port $port is already in use; stop whatever runs there first" >&2
    exit 1
  fi
done

if [ "${E2E_SKIP_BUILD:-}" != 1 ] || [ ! -f packages/app/dist/index.html ]; then
  echo "e2e: building the app for production (packages/app/dist)" >&2
  yarn workspace app build >/dev/null
fi

log="$(mktemp)"
# A session of its own, so that stopping it stops the app and backend it spawned.
BROWSER=none setsid yarn start >"$log" 2>&1 &
portal=$!
stop_portal() {
  kill -- -"$portal" 2>/dev/null || true
  rm -f "$log"
}
trap stop_portal EXIT

echo "e2e: waiting for the portal (app :3000, backend :7007)" >&2
deadline=$((SECONDS + 600))
until curl -fs -o /dev/null http://localhost:3000 &&
  [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:7007/api/kube-security/clusters)" = 401 ]; do
  if [ $SECONDS -gt $deadline ] || ! kill -0 "$portal" 2>/dev/null; then
    echo "e2e: the portal did not come up; its log:" >&2
    tail -50 "$log" >&2
    exit 1
  fi
  sleep 3
done

status=0
node e2e/portal.e2e.mjs || status=1
# Tables inside their cards at 1440 and 800 px, and the Security tab's print.
node e2e/layout.e2e.mjs || status=1
# axe-core on the overview, a Security tab and a Group page, at 1440 and 800 px: no serious or
# critical violation.
node e2e/axe.e2e.mjs || status=1
# Click to first item on the Security tab in the production build (printed, not asserted).
node scripts/tab-timing.mjs 5 || status=1
exit $status
