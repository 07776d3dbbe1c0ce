#!/usr/bin/env bash
# Adopter check (run by hand, not in CI: it takes 15–30 minutes and downloads a whole app).
#
# Does what a platform team adopting Kube Security does, from nothing:
#   1. builds and packs our packages (`yarn pack`, the form npm would publish);
#   2. creates a fresh Backstage app with `@backstage/create-app` (new frontend system);
#   3. installs the packed tarballs following only the packages' README install sections
#      (`yarn --cwd packages/app add …`, `yarn --cwd packages/backend add …`, the one
#      `backend.add(import(…))` line, the config);
#   4. starts the app and, in Chromium, finds the Security page in the navigation and the
#      Security tab on a component.
#
# The tarballs are not on the registry, so the new app's `resolutions` point our package names
# at them; that is the only step a real adopter would not do. The example component is given the
# `backstage.io/kubernetes-id` annotation an app running the Kubernetes plugin already has.
#
# Usage: scripts/adopter-check.sh [work-dir]   (default: a new temporary directory)
# Ports: 3100 (app) and 7107 (backend), so it can run beside the demo.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$(mktemp -d /tmp/kube-security-adopter.XXXXXX)}"
CREATE_APP_VERSION="${CREATE_APP_VERSION:-0.9.2}"
APP_PORT=3100
BACKEND_PORT=7107
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
cd "$REPO"
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
step() { printf '\n== adopter-check: %s (%ss)\n' "$1" "$SECONDS"; }

PACKAGES=(
  plugins/kube-security-common
  plugins/kube-security-node
  plugins/kube-security-backend
  plugins/kube-security
)

step "build and pack ${#PACKAGES[@]} packages into $WORK/tarballs"
mkdir -p "$WORK/tarballs"
: >"$WORK/tarballs/index.txt"
for dir in "${PACKAGES[@]}"; do
  name="$(node -p "require('./$dir/package.json').name")"
  (cd "$dir" && yarn backstage-cli package build >/dev/null &&
    yarn pack --out "$WORK/tarballs/$(basename "$dir").tgz" >/dev/null)
  echo "$name $WORK/tarballs/$(basename "$dir").tgz" >>"$WORK/tarballs/index.txt"
  echo "packed $name"
done
ls -l "$WORK/tarballs"

if [ "${ADOPTER_REUSE:-}" = 1 ] && [ -d "$WORK/app/node_modules" ]; then
  step "reusing the app in $WORK/app (ADOPTER_REUSE=1)"
  cd "$WORK/app"
else
step "create a new app with @backstage/create-app@$CREATE_APP_VERSION"
rm -rf "$WORK/app"
echo adopter-app | npx -y "@backstage/create-app@$CREATE_APP_VERSION" --path "$WORK/app" --skip-install
cd "$WORK/app"


step "yarn install (the new app's own dependencies)"
yarn install
fi

# Unpublished packages: point their names at the tarballs (a real adopter skips this).
node - "$WORK/tarballs" <<'NODE'
const fs = require('fs');
const dir = process.argv[2];
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
pkg.resolutions = pkg.resolutions ?? {};
for (const line of fs.readFileSync(`${dir}/index.txt`, 'utf8').trim().split('\n')) {
  const [name, file] = line.split(' ');
  pkg.resolutions[name] = `file:${file}`;
}
fs.writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
console.log(pkg.resolutions);
NODE

# create-app seeds its yarn.lock from GitHub, which this machine cannot reach; without the seed
# the template's `@backstage/backend-defaults@^0.18` meets plugins (signals) that need 0.19's
# WebSocket support and the backend fails to start. Align it as the seed would.
yarn --cwd packages/backend add @backstage/backend-defaults@^0.19.0

step "the README install sections"
# The README's commands, with the packed version named: yarn asks the registry for the latest
# version of a bare name, and these names are not published there.
version="$(node -p "require('$REPO/plugins/kube-security/package.json').version")"
yarn --cwd packages/app add "@kube-security/plugin-kube-security@$version"
version="$(node -p "require('$REPO/plugins/kube-security-backend/package.json').version")"
yarn --cwd packages/backend add "@kube-security/plugin-kube-security-backend@$version"
node - <<'NODE'
const fs = require('fs');
const file = 'packages/backend/src/index.ts';
const src = fs.readFileSync(file, 'utf8');
const line = "backend.add(import('@kube-security/plugin-kube-security-backend'));\n";
if (!src.includes(line)) fs.writeFileSync(file, src.replace('backend.start();', line + '\nbackend.start();'));
NODE
mkdir -p snapshots
rm -rf snapshots/eks-prod-eu && cp -r "$REPO/examples/clusters/eks-prod-eu" snapshots/eks-prod-eu
cat > app-config.local.yaml <<YAML
app:
  baseUrl: http://localhost:$APP_PORT
backend:
  baseUrl: http://localhost:$BACKEND_PORT
  listen:
    port: $BACKEND_PORT
  cors:
    origin: http://localhost:$APP_PORT
kubeSecurity:
  snapshots:
    - name: eks-prod-eu
      provider: eks
      directory: ../../snapshots/eks-prod-eu
YAML
# What an app running the Kubernetes plugin already has on its components.
node - <<'NODE'
const fs = require('fs');
const file = 'examples/entities.yaml';
const src = fs.readFileSync(file, 'utf8');
if (!src.includes('kubernetes-id: payments-api')) fs.writeFileSync(file, src.replace(
  'metadata:\n  name: example-website\n',
  'metadata:\n  name: example-website\n  annotations:\n    backstage.io/kubernetes-id: payments-api\n',
));
NODE
git --no-pager diff --stat 2>/dev/null || true

step "start the app (yarn start)"
log="$WORK/start.log"
BROWSER=none setsid yarn start >"$log" 2>&1 &
app=$!
stop_app() { kill -- -"$app" 2>/dev/null || true; }
trap stop_app EXIT
deadline=$((SECONDS + 900))
until curl -fs -o /dev/null "http://localhost:$APP_PORT" &&
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$BACKEND_PORT/api/kube-security/clusters")" = 401 ]; do
  if [ $SECONDS -gt $deadline ] || ! kill -0 "$app" 2>/dev/null; then
    echo "adopter-check: the app did not come up; its log:" >&2
    tail -60 "$log" >&2
    exit 1
  fi
  sleep 5
done

step "Chromium: the Security page in the navigation, the Security tab on a component"
cd "$REPO"
ADOPTER_APP_URL="http://localhost:$APP_PORT" ADOPTER_BACKEND_URL="http://localhost:$BACKEND_PORT" \
  ADOPTER_REPORT="$WORK" node scripts/adopter-check.mjs
step "done"
