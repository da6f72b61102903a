/**
 * CSV rows under a header fixed by the first document: a later document's
 * new field is warned about (it has no column), an object that is null in a
 * later document (a nap's `readiness`) is not: its columns are just empty.
 * Text a spreadsheet would run as a formula is neutralised unless raw.
 */
import { describe, expect, it } from 'vitest';
import { CsvWriter } from '../src/cli/output/csv.js';
import { memorySink } from '../src/cli/output/sink.js';
import { csvCell } from '../src/text/csv-cell.js';

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

describe('formula-like text (OWASP CSV injection)', () => {
  it('a text cell starting with = + - @ tab or CR gets a leading quote and is quoted', () => {
    expect(csvCell('=HYPERLINK("http://x.example","click")')).toBe(
      '"\'=HYPERLINK(""http://x.example"",""click"")"',
    );
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    // Text that only looks like a number is still text.
    expect(csvCell('-3.5')).toBe(`"'-3.5"`);
  });

  it('numbers, booleans, empty cells and text starting elsewhere are as before', () => {
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(-0)).toBe('0');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell('')).toBe('');
    expect(csvCell('a=1')).toBe('a=1');
    expect(csvCell(' =1')).toBe(' =1');
    expect(csvCell("'quoted")).toBe("'quoted");
    expect(csvCell('[-1,2]')).toBe('"[-1,2]"');
  });

  it('raw writes the text as it is, quoted only where RFC 4180 needs it', () => {
    expect(csvCell('=1+1', { raw: true })).toBe('=1+1');
    expect(csvCell('=SUM(A1,B1)', { raw: true })).toBe('"=SUM(A1,B1)"');
    expect(csvCell('-3.5', { raw: true })).toBe('-3.5');
  });

  it('the header is text too, and a null-then-object column stays JSON', async () => {
    const write = async (raw: boolean) => {
      const sink = memorySink();
      const csv = new CsvWriter(sink, () => {}, { raw });
      await csv.write({ '=cmd': 1, label: '@x', deviation: -0.25, nested: { a: '-1' } });
      return sink.text();
    };
    expect(await write(false)).toBe(`"'=cmd",label,deviation,nested.a\r\n1,"'@x",-0.25,"'-1"\r\n`);
    expect(await write(true)).toBe('=cmd,label,deviation,nested.a\r\n1,@x,-0.25,-1\r\n');
  });
});
