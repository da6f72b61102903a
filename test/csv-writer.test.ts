/**
 * CSV rows under a header fixed by the first document: a later document's
 * new field is warned about (it has no column), an object that is null in a
 * later document (a nap's `readiness`) is not: its columns are just empty.
 */
import { expect, it } from 'vitest';
import { CsvWriter } from '../src/cli/output/csv.js';

it('warns about a field with no column, not about an object that is null in this row', async () => {
  let text = '';
  const warnings: string[] = [];
  const csv = new CsvWriter(
    {
      write: async (chunk) => {
        text += chunk;
      },
    },
    (message) => warnings.push(message),
  );
  await csv.write({ id: 'night', readiness: { score: 80, timing: 3 } });
  await csv.write({ id: 'nap', readiness: null });
  await csv.write({ id: 'later', readiness: { score: 70, timing: 1 }, extra: 1 });
  expect(text.split('\r\n')).toEqual([
    'id,readiness.score,readiness.timing',
    'night,80,3',
    'nap,,',
    'later,70,1',
    '',
  ]);
  expect(warnings).toEqual([
    'field "extra" first appeared after the CSV header was written; it is left out.',
  ]);
});
