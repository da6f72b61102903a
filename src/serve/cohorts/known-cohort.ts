/** The cohort a route under `/admin/cohorts/<cohort>` names, or a 404 page saying there is none. */
import type { Request, Response } from 'express';
import { messagePage } from '../pages.js';
import type { CohortStore } from '../state/cohort-store.js';

export async function knownCohort(
  cohorts: CohortStore,
  req: Request,
  res: Response,
): Promise<string | undefined> {
  const cohort = String(req.params.cohort);
  if ((await cohorts.cohorts()).includes(cohort)) return cohort;
  messagePage(
    res,
    404,
    'No such cohort',
    `There is no cohort ${cohort}. The cohorts are listed at /admin; make one with \`oura serve invite --cohort NAME\`.`,
  );
  return undefined;
}
