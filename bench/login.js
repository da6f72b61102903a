// Login latency: from the moment the browser's callback request is sent to the
// loopback listener until the answer page arrives — which the listener sends
// only after the code was exchanged and the tokens persisted. Median over
// repeated real logins against the emulator. Baseline in the same run: one
// bare authorization-code POST to the emulator's token endpoint.
import { rm } from 'node:fs/promises';
import { freeLoopbackPort } from '../dist/auth/loopback.js';
import { submitConsent } from '../dist/emulator/consent-client.js';
import { DEMO_CLIENT, startEmulator } from '../dist/emulator/index.js';
import { login } from '../dist/profile/login.js';
import { updateProfile } from '../dist/store/config.js';
import { benchDir } from './helpers.js';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run({ logins = 25 } = {}) {
  const port = await freeLoopbackPort();
  const redirectUri = `http://localhost:${port}/callback`;
  const emulator = await startEmulator({
    clients: [{ ...DEMO_CLIENT, redirectUris: [redirectUri] }],
  });
  const configDir = benchDir('oura-bench-');
  const env = { ...emulator.env(), OURA_CONFIG_DIR: configDir, OURA_CREDENTIAL_STORE: 'file' };
  await updateProfile(configDir, 'default', () => ({
    redirectUri,
    authServer: 'oura',
    store: 'file',
  }));
  const callbackToPersisted = [];
  const bareExchange = [];
  try {
    for (let i = 0; i < logins + 2; i++) {
      await login(
        { configDir, profile: 'default', env },
        {
          mode: 'print',
          apiUrl: emulator.url,
          showUrl: () => {},
          onListening: (authorizeUrl) => {
            void submitConsent(authorizeUrl, 'allow').then(async (callback) => {
              const started = performance.now();
              const page = await fetch(callback);
              await page.arrayBuffer();
              if (i >= 2) callbackToPersisted.push(performance.now() - started); // first two warm up
            });
          },
        },
      );
      // Baseline: the same exchange alone, code obtained the same way, no listener and no storage.
      const url = new URL(emulator.authorizeUrl);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: DEMO_CLIENT.clientId,
        redirect_uri: redirectUri,
        scope: 'extapi:daily',
        state: `bench${i}`,
      }).toString();
      const code = new URL(await submitConsent(url.toString(), 'allow')).searchParams.get('code');
      const started = performance.now();
      const response = await fetch(emulator.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: DEMO_CLIENT.clientId,
          client_secret: DEMO_CLIENT.clientSecret,
        }),
      });
      await response.json();
      if (i >= 2) bareExchange.push(performance.now() - started);
    }
  } finally {
    await emulator.close();
    await rm(configDir, { recursive: true, force: true });
  }
  const login50 = median(callbackToPersisted);
  const bare50 = median(bareExchange);
  return [
    {
      name: 'login: callback -> tokens persisted (median)',
      value: login50,
      unit: 'ms',
      target: '<= 25',
      note: `${callbackToPersisted.length} logins, file store`,
    },
    {
      name: 'bare token exchange (baseline, median)',
      value: bare50,
      unit: 'ms',
      target: '',
      note: '',
    },
    {
      name: 'login callback / bare exchange',
      value: login50 / bare50,
      unit: 'x',
      target: '',
      note: 'cost of listener + exchange + atomic persist',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(row);
}
