/**
 * The writer a sync uses while its writer thread is still opening the file:
 * calls made before it opened run after, in the order made; a writer that
 * failed to open fails every call with its own error.
 */
import { describe, expect, it } from 'vitest';
import type { WindowWriter } from '../src/history/window-writer.js';
import { writerOnceOpen } from '../src/history/window-writer.js';
import type { WindowWrite } from '../src/history/writer.js';
import { zeroCounts } from '../src/history/writer.js';

function recordingWriter(calls: string[]): WindowWriter {
  return {
    check: async () => {
      calls.push('check');
    },
    write: async (write) => {
      calls.push(`write ${write.type}`);
      return zeroCounts();
    },
    setMeta: async (key) => {
      calls.push(`meta ${key}`);
    },
    markSynced: async (type) => {
      calls.push(`synced ${type}`);
    },
    webhook: async (name, ..._args) => {
      calls.push(`webhook ${name}`);
      return undefined as never;
    },
    close: async () => {
      calls.push('close');
    },
  };
}

const window = {
  type: 'daily_sleep',
  span: { kind: 'days', start: '2025-03-01', end: '2025-03-05' },
  docs: [],
  listedFrom: 0,
} as WindowWrite;
const state = { start: '2025-03-01', through: '2025-03-05' };

describe('writerOnceOpen', () => {
  it('runs the calls made while the writer opens once it has, in the order made', async () => {
    const calls: string[] = [];
    let opened: (writer: WindowWriter) => void = () => {};
    const writer = writerOnceOpen(new Promise((resolve) => (opened = resolve)));
    const done = Promise.all([
      writer.check(),
      writer.setMeta('first_day', '2025-03-01'),
      writer.write(window, state),
      writer.markSynced('daily_sleep', '2025-03-06T00:00:00.000Z'),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toEqual([]);
    opened(recordingWriter(calls));
    await done;
    await writer.close();
    expect(calls).toEqual([
      'check',
      'meta first_day',
      'write daily_sleep',
      'synced daily_sleep',
      'close',
    ]);
  });

  it('fails every call with the error the writer failed to open with; closing is harmless', async () => {
    const failure = new Error('the history file is damaged');
    const opening = Promise.reject(failure);
    opening.catch(() => {});
    const writer = writerOnceOpen(opening);
    await expect(writer.write(window, state)).rejects.toBe(failure);
    await expect(writer.setMeta('synced_at', 'x')).rejects.toBe(failure);
    await expect(writer.check()).rejects.toBe(failure);
    await expect(writer.close()).resolves.toBeUndefined();
  });
});
