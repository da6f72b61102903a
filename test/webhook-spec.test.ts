/**
 * The webhook side against Oura's OpenAPI document: the data-type table's
 * webhook names are the spec's `ExtApiV2DataType`, the emulator accepts
 * exactly those, and what our subscription client sends and the emulator
 * answers match the spec's request and response schemas.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { WEBHOOK_DATA_TYPES } from '../src/emulator/webhooks.js';
import { DATA_TYPES, ENDPOINTS, typeOfWebhook, webhookTypes } from '../src/oura/data-types.js';
import { SubscriptionClient } from '../src/webhook/subscriptions.js';
import { loadSpec, specValidator } from './helpers/emulator.js';
import { specAvailable } from './helpers/spec.js';

const spec = loadSpec() as unknown as {
  paths: Record<string, unknown>;
  components: { schemas: Record<string, { enum?: string[] }> };
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe.runIf(specAvailable)('webhooks against the spec', () => {
  let emulator: Emulator;
  let callback: ReturnType<typeof createServer>;
  let callbackUrl: string;
  beforeAll(async () => {
    emulator = await startEmulator({ historyDays: 3 });
    // A callback that passes Oura's verification.
    callback = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ challenge: url.searchParams.get('challenge') }));
    });
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await emulator?.close();
    callback?.close();
  });

  it('the table names every webhook data type of the spec that has a REST route (all but meal)', () => {
    const names = spec.components.schemas.ExtApiV2DataType?.enum ?? [];
    expect(names.length).toBeGreaterThan(10);
    const ours = webhookTypes().map((type) => ENDPOINTS[type].webhook);
    expect([...ours].sort()).toEqual(names.filter((name) => name !== 'meal').sort());
    expect(Object.keys(spec.paths).some((path) => path.includes('usercollection/meal'))).toBe(
      false,
    );
    expect(typeOfWebhook('vo2_max')).toBe('vO2_max');
    for (const type of DATA_TYPES) {
      const name = ENDPOINTS[type].webhook;
      if (name) expect(typeOfWebhook(name)).toBe(type);
    }
    expect([...WEBHOOK_DATA_TYPES].sort()).toEqual([...names].sort());
  });

  it('requests the client sends and answers the emulator gives follow the spec', async () => {
    const validate = specValidator(loadSpec());
    const sent: unknown[] = [];
    const recording: typeof fetch = async (input, init) => {
      if (typeof init?.body === 'string') sent.push(JSON.parse(init.body));
      return fetch(input, init);
    };
    const { OURA_CLIENT_ID = '', OURA_CLIENT_SECRET = '' } = emulator.env();
    const client = new SubscriptionClient({
      baseUrl: emulator.url,
      clientId: OURA_CLIENT_ID,
      clientSecret: OURA_CLIENT_SECRET,
      fetch: recording,
    });
    const created = await client.create({
      callback_url: callbackUrl,
      verification_token: 'token',
      event_type: 'update',
      data_type: 'vo2_max',
    });
    expect(validate(ref('CreateWebhookSubscriptionRequest'), sent[0])).toBeUndefined();
    expect(validate(ref('WebhookSubscriptionModel'), created)).toBeUndefined();
    const listed = await client.list();
    expect(listed).toHaveLength(1);
    for (const sub of listed)
      expect(validate(ref('WebhookSubscriptionModel'), sub)).toBeUndefined();
    const updated = await client.update(created.id, {
      callback_url: `${callbackUrl}/2`,
      verification_token: 'token',
    });
    expect(validate(ref('UpdateWebhookSubscriptionRequest'), sent[1])).toBeUndefined();
    expect(validate(ref('WebhookSubscriptionModel'), updated)).toBeUndefined();
    expect(updated.callback_url).toBe(`${callbackUrl}/2`);
    const renewed = await client.renew(created.id);
    expect(validate(ref('WebhookSubscriptionModel'), renewed)).toBeUndefined();
    await client.delete(created.id);
    expect(await client.list()).toHaveLength(0);
  });
});
