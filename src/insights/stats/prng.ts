/**
 * A small seeded pseudo-random generator for resampling: the same seed gives
 * the same intervals on every machine, so an answer can be reproduced. Not
 * for secrets.
 */

/**
 * FNV-1a of the seed's text: any string or number becomes a 32-bit state.
 * The bootstrap steps mulberry32 from it inline (see stats/bootstrap.ts).
 */
export function hashSeed(seed: string | number): number {
  let hash = 0x811c9dc5;
  for (const char of String(seed)) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Uniform numbers in [0, 1) from mulberry32 (period 2³²; ample for a few million draws). */
export function seededRandom(seed: string | number): () => number {
  let state = hashSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
