/**
 * The statistics under the insights, each against figures scipy/numpy give
 * for the same input (scipy 1.10+ and numpy, printed once and written here;
 * test/insights-reference.test.ts checks them again on a whole history).
 */
import { describe, expect, it } from 'vitest';
import { bootstrapMeanDifference } from '../src/insights/stats/bootstrap.js';
import { median, quantile, quantileSorted } from '../src/insights/stats/descriptive.js';
import { hedgesG } from '../src/insights/stats/effect-size.js';
import { benjaminiHochberg } from '../src/insights/stats/fdr.js';
import { notEnoughData } from '../src/insights/stats/min-n.js';
import { seededRandom } from '../src/insights/stats/prng.js';
import { medianAbsoluteDeviation, robustZ } from '../src/insights/stats/robust.js';
import { averageRanks, spearman } from '../src/insights/stats/spearman.js';
import { studentTTwoSidedP } from '../src/insights/stats/t-distribution.js';
import { welchTTest } from '../src/insights/stats/welch.js';

describe('Benjamini–Hochberg', () => {
  it('adjusts like scipy.stats.false_discovery_control(p, method="bh"), in input order', () => {
    const p = [0.01, 0.04, 0.03, 0.005, 0.5, 0.2, 0.04];
    const expected = [0.035, 0.056, 0.056, 0.035, 0.5, 0.23333333333333336, 0.056];
    const adjusted = benjaminiHochberg(p);
    for (const [i, value] of adjusted.entries()) {
      expect(value).toBeCloseTo(expected[i] as number, 14);
    }
  });

  it('never exceeds 1 and keeps an empty list empty', () => {
    expect(benjaminiHochberg([0.9, 0.95, 1])).toEqual([1, 1, 1]);
    expect(benjaminiHochberg([])).toEqual([]);
  });
});

describe("Spearman's rho and its p-value", () => {
  it('gives scipy.stats.spearmanr on data with ties', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7];
    const y = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0];
    const result = spearman(x, y);
    expect(result?.rho).toBeCloseTo(0.19032303899443684, 12);
    expect(result?.p).toBeCloseTo(0.5145760571054941, 10);
    expect(result?.n).toBe(14);
  });

  it('gives scipy a small p for a strong correlation (relative error < 1e-9)', () => {
    const result = spearman([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2, 1, 4, 3, 6, 5, 8, 7, 10, 9]);
    expect(result?.rho).toBeCloseTo(0.9393939393939393, 12);
    expect(Math.abs((result?.p ?? 0) / 5.4840529985136686e-5 - 1)).toBeLessThan(1e-9);
  });

  it('averages the ranks of ties, is 0-p for a perfect order, and refuses a constant side', () => {
    expect(averageRanks([10, 20, 10, 30])).toEqual([1.5, 3, 1.5, 4]);
    expect(spearman([1, 2, 3, 4], [2, 4, 6, 8])).toEqual({ rho: 1, p: 0, n: 4 });
    expect(spearman([1, 2, 3, 4], [5, 5, 5, 5])).toBeNull();
  });

  it("Student's t two-sided p matches scipy.stats.t.sf·2", () => {
    expect(studentTTwoSidedP(2.5, 7)).toBeCloseTo(0.04099221858575289, 12);
    expect(studentTTwoSidedP(0.3, 150)).toBeCloseTo(0.7645924943883587, 12);
    expect(studentTTwoSidedP(8, 3.5)).toBeCloseTo(0.002277326444720478, 12);
  });
});

describe('robust z-scores', () => {
  const baseline = [10, 12, 11, 13, 50, 12, 11, 10, 9, 12];

  it('use the median and the MAD scaled as scipy median_abs_deviation(scale="normal")', () => {
    expect(median(baseline)).toBe(11.5);
    expect(medianAbsoluteDeviation(baseline)).toBe(1);
    expect(robustZ(14, baseline)).toBeCloseTo(1.6862243754902042, 12);
    // The outlier 50 in the baseline barely moves the score (a standard z would halve it).
    expect(robustZ(8, baseline)).toBeCloseTo(-3.5 / 1.482602218505602, 12);
  });

  it('are undefined on a baseline without spread or without values', () => {
    expect(robustZ(5, [4, 4, 4, 4, 9])).toBeNull();
    expect(robustZ(5, [])).toBeNull();
  });
});

describe('quantiles, effect size and Welch', () => {
  it("quantile is numpy's default (linear)", () => {
    const values = [4, 1, 10, 3, 2];
    // Exact to the last bit, as numpy prints them with repr (numpy interpolates from the nearer end).
    expect([0.1, 0.25, 0.75, 0.9].map((p) => quantile(values, p))).toEqual([
      1.4, 2, 4, 7.6000000000000005,
    ]);
    expect([0.1, 0.35, 0.7, 0.9].map((p) => quantile([...values, 7], p))).toEqual([
      1.5, 2.75, 5.5, 8.5,
    ]);
  });

  it("Hedges' g and Welch's t-test match their definitions as scipy computes them", () => {
    const a = [5.1, 4.9, 6.2, 5.8, 6.0, 5.5];
    const b = [4.1, 4.5, 4.0, 5.2, 4.8, 4.4, 4.6];
    expect(hedgesG(a, b)).toBeCloseTo(2.166859926299134, 12);
    const t = welchTTest(a, b);
    expect(t?.t).toBeCloseTo(4.110970134456238, 12);
    expect(t?.df).toBeCloseTo(9.597383792550515, 10);
    expect(t?.p).toBeCloseTo(0.0022979029344892547, 12);
  });
});

describe('the percentile bootstrap', () => {
  const a = [7.1, 6.4, 8.0, 5.9, 7.7, 6.8, 7.3, 6.1, 8.4, 7.0];
  const b = [6.2, 5.8, 6.9, 6.4, 5.5, 6.0, 6.6, 5.9];

  it('is the same interval for the same seed, another for another seed', () => {
    const first = bootstrapMeanDifference(a, b, { seed: 42 });
    expect(bootstrapMeanDifference(a, b, { seed: 42 })).toEqual(first);
    expect(bootstrapMeanDifference(a, b, { seed: 'text seed' })).toEqual(
      bootstrapMeanDifference(a, b, { seed: 'text seed' }),
    );
    expect(bootstrapMeanDifference(a, b, { seed: 43 })).not.toEqual(first);
  });

  it('brackets the observed difference, and narrows as the level drops', () => {
    const observed = 7.07 - 6.1625;
    const wide = bootstrapMeanDifference(a, b, { seed: 7 });
    const narrow = bootstrapMeanDifference(a, b, { seed: 7, level: 0.5 });
    expect(wide?.low).toBeLessThan(observed);
    expect(wide?.high).toBeGreaterThan(observed);
    expect((narrow?.high ?? 0) - (narrow?.low ?? 0)).toBeLessThan(
      (wide?.high ?? 0) - (wide?.low ?? 0),
    );
    expect(bootstrapMeanDifference([], b)).toBeNull();
  });

  it('draws what the plain loop over seededRandom draws (the fast loop steps it inline)', () => {
    const plain = (seed: string, resamples: number) => {
      const random = seededRandom(seed);
      const resampledMean = (values: number[]) => {
        let sum = 0;
        for (const _ of values) sum += values[Math.floor(random() * values.length)] as number;
        return sum / values.length;
      };
      const differences = Array.from(
        { length: resamples },
        () => resampledMean(a) - resampledMean(b),
      );
      differences.sort((x, y) => x - y);
      const tail = (1 - 0.95) / 2;
      return {
        low: quantileSorted(differences, tail),
        high: quantileSorted(differences, 1 - tail),
      };
    };
    for (const [seed, resamples] of [
      ['1', 2000],
      ['habit|tag:coffee|average_hrv', 2001],
    ] as const) {
      expect(bootstrapMeanDifference(a, b, { seed, resamples })).toEqual(plain(seed, resamples));
    }
  });
});

describe('the minimum-n rule', () => {
  it('answers "not enough data" with n and what is needed below the minimum, nothing at it', () => {
    expect(notEnoughData(4, 5, 'nights')).toEqual({
      status: 'not_enough_data',
      n: 4,
      needed: 5,
      method: 'nights',
    });
    expect(notEnoughData(5, 5, 'nights')).toBeUndefined();
  });
});
