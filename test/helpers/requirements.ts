import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/**
 * Tests that need a system peer (Chromium, a Secret Service) may be skipped on
 * a developer's machine that lacks it, with a visible reason; under CI (any
 * non-empty CI, as CI systems set it: `true`, `1`) a missing peer is a failure,
 * so a green CI run always means they ran.
 */
export const ON_CI = Boolean(process.env.CI);

export function peerAvailable(name: string, available: boolean, howToGet: string): boolean {
  if (available) return true;
  const message = `${name} is not available (${howToGet})`;
  if (ON_CI) throw new Error(`CI is set, and ${message}`);
  console.warn(`SKIPPING the tests that need ${name}: it is not available (${howToGet})`);
  return false;
}

/**
 * `describe(name, body)` when `available`; else a describe holding one skipped
 * test named for the reason, so the count shows what did not run and why
 * (tests generated from a missing peer could not even be listed).
 */
export function describeOrSkip(
  available: boolean,
  reason: string,
  name: string,
  body: () => void,
): void {
  if (available) describe(name, body);
  else describe(name, () => it.skip(`skipped: ${reason}`, () => undefined));
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return peerAvailable('Chromium', existsSync(CHROMIUM_PATH), 'apt-get install -y chromium');
}

/**
 * Launch options for Debian's Chromium on a closed network: without the
 * background-networking flags it keeps trying to reach Google's hosts.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
