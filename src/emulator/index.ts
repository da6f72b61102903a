/**
 * The emulator's package entry (`oura-connect/emulator`).
 *
 * A faithful local stand-in for Oura: the authorization server (both the
 * current and the legacy path sets, with a consent page), and the V2 data API
 * with deterministic synthetic history. The project's demo peer and default
 * test peer. It imports nothing from the client side of the package.
 *
 * @example
 * const emulator = await startEmulator();
 * const { access_token } = emulator.mintTokens();
 * await fetch(`${emulator.url}/v2/usercollection/daily_sleep`, { headers: { authorization: `Bearer ${access_token}` } });
 * await emulator.close();
 */
export type { AccountRef, EmulatorAccount } from './accounts.js';
export { submitConsent } from './consent-client.js';
export type {
  IllnessEffect,
  NightShift,
  PlantedEffect,
  TagEffect,
} from './data/effects.js';
export { DEMO_CLIENT, type EmulatorClient, type EmulatorOptions } from './options.js';
export type { Emulator, EmulatorStats, EmulatorTokenResponse } from './running-emulator.js';
export { startEmulator } from './start.js';
export { EmulatorStateError } from './state-file.js';
