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

  it('remembers every key of a long window once one comes out of order', () => {
    const keys = new SampleKeys(T0);
    // A 30-day heart-rate window with workouts: ~20000 samples in order, each new.
    const instants = Array.from({ length: 20_000 }, (_, i) => T0 + i * 130_000);
    expect(instants.every((at) => keys.addAt(at, 'awake'))).toBe(true);
    // Then all of them again, from the first (out of order): every one a repeat.
    expect(instants.some((at) => keys.addAt(at, 'awake'))).toBe(false);
    expect(keys.addAt(instants[1500] as number, 'rest')).toBe(true);
  });

  it("takes a scanned page's source codes as the names they stand for", () => {
    const keys = new SampleKeys(T0);
    // Codes index SAMPLE_SOURCES: 0 awake, 1 rest, 2 sleep, 3 workout.
    expect(keys.addCoded(T0, 3)).toBe(true);
    expect(keys.addAt(T0, 'workout')).toBe(false);
    expect(keys.addAt(T0 + 300_000, 'sleep')).toBe(true);
    expect(keys.addCoded(T0 + 300_000, 2)).toBe(false);
    expect(keys.addCoded(T0 + 300_000, 0)).toBe(true);
    // Off the whole-second grid: keyed by text, with the code's name.
    expect(keys.addAt(T0 + 500, 'rest')).toBe(true);
    expect(keys.addCoded(T0 + 500, 1)).toBe(false);
  });

  it('keys what has no small-integer key by its text', () => {
    const keys = new SampleKeys(T0);
    expect(keys.addAt(T0 + 500, 'rest')).toBe(true);
    expect(keys.addAt(T0 + 500, 'rest')).toBe(false);
    expect(keys.add(undefined, { timestamp: 'x', source: 'nap' })).toBe(true);
    expect(keys.add(undefined, { timestamp: 'x', source: 'nap' })).toBe(false);
  });
});
