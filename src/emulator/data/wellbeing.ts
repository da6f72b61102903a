import { clampInt } from '../prng.js';
import { addDays, localIso, MINUTE_MS } from '../time.js';
import { type DocBuilder, type DocContext, documentId, prngFor } from './context.js';
import { heartRateRows } from './heartrate.js';
import { dayOf } from './sleep.js';

/**
 * Stress and recovery (`daily_stress`, `daily_resilience`), the person's own
 * entries (`session`, `tag`, `enhanced_tag`) and `rest_mode_period`.
 */

function local(ctx: DocContext, epochMs: number): string {
  return localIso(epochMs, ctx.plan.offset);
}

const LEVELS = ['limited', 'adequate', 'solid', 'strong', 'exceptional'] as const;

export const wellbeingBuilders: Record<string, DocBuilder> = {
  daily_stress: {
    count: () => 1,
    build: (ctx) => {
      const prng = prngFor(ctx, 'daily_stress');
      const stress = prng.int(2, 12 - Math.round(ctx.plan.wellness * 8)) * 900;
      const recovery = prng.int(1, 2 + Math.round(ctx.plan.wellness * 8)) * 900;
      const summary =
        stress > recovery * 2 ? 'stressful' : recovery > stress ? 'restored' : 'normal';
      return {
        id: documentId(ctx, 'daily_stress', ctx.plan.num, 0),
        day: dayOf(ctx),
        day_summary: summary,
        recovery_high: recovery,
        stress_high: stress,
      };
    },
  },
  daily_resilience: {
    count: () => 1,
    build: (ctx) => {
      const prng = prngFor(ctx, 'daily_resilience');
      const value = (): number =>
        Math.round(clampInt(30 + ctx.plan.wellness * 60 + prng.normal(0, 8), 0, 100) * 10) / 10;
      const contributors = { sleep_recovery: value(), daytime_recovery: value(), stress: value() };
      const mean =
        (contributors.sleep_recovery + contributors.daytime_recovery + contributors.stress) / 3;
      return {
        id: documentId(ctx, 'daily_resilience', ctx.plan.num, 0),
        day: dayOf(ctx),
        contributors,
        level: LEVELS[Math.min(4, Math.floor(mean / 20))] ?? 'adequate',
      };
    },
  },
  session: {
    count: (ctx) => ctx.plan.sessions.length,
    build: (ctx, index) => {
      const session = ctx.plan.sessions[index];
      if (!session) throw new Error('no such session');
      const prng = prngFor(ctx, 'session', index);
      const minutes = Math.round((session.end - session.start) / MINUTE_MS);
      // The series has one value per 5 minutes; the session sample is per minute,
      // drawn around it.
      const series = heartRateRows(ctx.plans, ctx.salt, session.start, Math.ceil(minutes / 5));
      const hr = Array.from({ length: minutes }, (_, i) => {
        const base = series[Math.floor(i / 5)]?.bpm ?? 60;
        return Math.round(base + prng.normal(0, 1));
      });
      const start = local(ctx, session.start);
      return {
        id: documentId(ctx, 'session', ctx.plan.num, index),
        day: dayOf(ctx),
        end_datetime: local(ctx, session.end),
        heart_rate: { interval: 60, items: hr, timestamp: start },
        heart_rate_variability: {
          interval: 60,
          items: hr.map((beat) => Math.round(100 - beat + prng.normal(0, 4))),
          timestamp: start,
        },
        mood: session.mood,
        motion_count: { interval: 60, items: hr.map(() => prng.int(0, 3)), timestamp: start },
        start_datetime: start,
        type: session.type,
      };
    },
  },
  tag: {
    count: (ctx) => ctx.plan.tags.length,
    build: (ctx, index) => {
      const tag = ctx.plan.tags[index];
      if (!tag) throw new Error('no such tag');
      return {
        id: documentId(ctx, 'tag', ctx.plan.num, index),
        day: dayOf(ctx),
        text: tag.text,
        timestamp: local(ctx, tag.time),
        tags: [tag.code.replace('tag_generic_', '')],
      };
    },
  },
  enhanced_tag: {
    count: (ctx) => ctx.plan.tags.length,
    build: (ctx, index) => {
      const tag = ctx.plan.tags[index];
      if (!tag) throw new Error('no such tag');
      const end = tag.durationMinutes === null ? null : tag.time + tag.durationMinutes * MINUTE_MS;
      return {
        id: documentId(ctx, 'enhanced_tag', ctx.plan.num, index),
        tag_type_code: tag.code,
        start_time: local(ctx, tag.time),
        end_time: end === null ? null : local(ctx, end),
        start_day: dayOf(ctx),
        end_day: end === null ? null : dayOf(ctx),
        comment: tag.text,
        custom_name: null,
      };
    },
  },
  rest_mode_period: {
    count: (ctx) => (ctx.plan.restModeDays ? 1 : 0),
    build: (ctx) => {
      const days = ctx.plan.restModeDays ?? 1;
      const start = ctx.plan.midnight + 9 * 60 * MINUTE_MS;
      const end = start + days * 24 * 60 * MINUTE_MS;
      const day = dayOf(ctx);
      return {
        id: documentId(ctx, 'rest_mode_period', ctx.plan.num, 0),
        end_day: addDays(day, days),
        end_time: local(ctx, end),
        episodes: [
          { tags: ['tag_generic_fever'], timestamp: local(ctx, start) },
          { tags: ['tag_generic_headache'], timestamp: local(ctx, start + 26 * 60 * MINUTE_MS) },
        ],
        start_day: day,
        start_time: local(ctx, start),
      };
    },
  },
};
