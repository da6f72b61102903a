#!/usr/bin/env bash
# The suite must pass whatever the date and the time zone. The main pass runs on
# the real date; this runs the test files that read the calendar again, as if it
# were a leap day, the days the clocks spring forward and fall back in zones with
# DST, and New Year's Eve (the clock is pinned with OURA_NOW, see src/clock.ts). The whole
# suite runs on the real date in a zone with a half-hour offset and DST too:
# .ci/node-lts.sh runs its Node 24 pass in Newfoundland's zone.
# Run from the repository root, inside the same D-Bus session as `npm test`,
# after it built dist/.
set -euo pipefail

# The files that read the calendar: the emulator's history, local days, the clock.
# Not the packaging test: it installs the packed tarball (a compile of the SQLite
# addon), and what it checks does not depend on the date.
mapfile -t FILES < <(grep -lE 'startEmulator|localDay|nowMs|clock\.js|TZ' test/*.test.ts | grep -v package-install)
if [ "${#FILES[@]}" -lt 20 ]; then
  echo "calendar passes: only ${#FILES[@]} test files matched; the pattern has gone stale" >&2
  exit 1
fi

pass() {
  local name="$1"
  shift
  echo "=== calendar pass: $name ($*)"
  env "$@" npx vitest run "${FILES[@]}"
}

pass 'leap day' OURA_NOW=2028-02-29T12:00:00 TZ=UTC
pass 'spring forward in Berlin' OURA_NOW=2027-03-28T12:00:00 TZ=Europe/Berlin
pass 'fall back in New York' OURA_NOW=2027-11-07T12:00:00 TZ=America/New_York
pass "New Year's Eve" OURA_NOW=2026-12-31T21:00:00 TZ=UTC
