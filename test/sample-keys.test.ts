/** SampleKeys (api/sample-keys.ts): each (instant, source) of a window kept once, in whatever order the samples come. */
import { describe, expect, it } from 'vitest';
import { SampleKeys } from '../src/api/sample-keys.js';

const T0 = 1_735_689_600_000;

describe('SampleKeys', () => {
  it('tells a repeat from a new key in order and out of order', () => {
    const keys = new SampleKeys(T0);
    const add = (seconds: number, source: string) => keys.addAt(T0 + seconds * 1000, source);
    expect([add(0, 'rest'), add(0, 'workout'), add(300, 'rest'), add(600, 'rest')]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    // Out of order: a repeat of an earlier key, then earlier keys not seen yet.
    expect([add(300, 'rest'), add(0, 'awake'), add(300, 'awake'), add(0, 'rest')]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect([add(600, 'rest'), add(900, 'rest'), add(900, 'rest')]).toEqual([false, true, false]);
  });

  it('keys what has no small-integer key by its text', () => {
    const keys = new SampleKeys(T0);
    expect(keys.addAt(T0 + 500, 'rest')).toBe(true);
    expect(keys.addAt(T0 + 500, 'rest')).toBe(false);
    expect(keys.add(undefined, { timestamp: 'x', source: 'nap' })).toBe(true);
    expect(keys.add(undefined, { timestamp: 'x', source: 'nap' })).toBe(false);
  });
});
