/**
 * `oura-connect/insights`: the statistics, for library users. A subpath of its
 * own, as the emulator and the MCP server are: importing the library's root
 * no longer loads the twenty-odd modules of statistics a one-request script
 * never uses.
 */
export {
  computeInsights,
  INSIGHT_KINDS,
  type InsightKind,
  type InsightOptions,
  type Insights,
} from './insights.js';
export type { DocumentReader, InsightSource, InsightType } from './source.js';
export type { Answer, NotEnoughData } from './stats/min-n.js';
