/**
 * The repository explains itself: no comment or document points at a file
 * outside it (the notes a checkout happens to sit beside are not there for a
 * reader of the repository), and the relative links of its Markdown pages lead
 * to files that exist. The one exception is Oura's spec, which is never committed
 * and is looked for beside the repository at run time: the files that name that
 * lookup are listed below.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

/** Names of files that live outside the repository. */
const OUTSIDE = ['../shared/', 'DESIGN.md', 'OURA-API-NOTES', 'CLI-CONTRACT'];

/** The run-time lookup of Oura's spec beside the repository (scripts/spec-path.js). */
const SPEC_LOOKUP = '../shared/oura-openapi.json';

/** The files that may name {@link SPEC_LOOKUP}, and why. */
const SPEC_LOOKUP_FILES: Readonly<Record<string, string>> = {
  'scripts/spec-path.js': 'the lookup itself',
  'scripts/gen-types.js': 'says where it reads the spec, and writes that into the header below',
  'src/api/schema.gen.ts': 'generated: its header says which spec it was made from',
  'README.md': 'tells contributors where the tests find the spec',
  '.ci/node-lts.sh': 'links ../shared beside its copy of the checkout so the lookup still works',
};

/** This file names them to forbid them. */
const THIS_FILE = 'test/repo-references.test.ts';

function committedTextFiles(): { file: string; text: string }[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(REPO_ROOT, file)))
    .map((file) => ({ file, text: readFileSync(join(REPO_ROOT, file), 'utf8') }))
    .filter(({ text }) => !text.includes('\0'));
}

/** `file:line: text` for each mention of a file outside the repository that is not allowed. */
function outsideMentions(file: string, text: string): string[] {
  if (file === THIS_FILE) return [];
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    const allowed = file in SPEC_LOOKUP_FILES ? line.replaceAll(SPEC_LOOKUP, '') : line;
    if (OUTSIDE.some((name) => allowed.includes(name))) {
      found.push(`${file}:${index + 1}: ${line.trim()}`);
    }
  });
  return found;
}

/** Relative link targets of a Markdown page, outside fenced code blocks and code spans. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/`[^`\n]*`/g, '');
  const targets = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (match) => match[1] as string,
  );
  // Web addresses, mail and in-page anchors are not files.
  return targets.filter(
    (target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'),
  );
}

describe('references in the repository', () => {
  it('finds the names of outside files, and the spec lookup only where it is allowed', () => {
    expect(outsideMentions('src/x.ts', ' * as the notes say (OURA-API-NOTES.md)')).toHaveLength(1);
    expect(outsideMentions('src/x.ts', `read from ${SPEC_LOOKUP}`)).toHaveLength(1);
    expect(outsideMentions('README.md', `read from ${SPEC_LOOKUP}`)).toEqual([]);
    expect(outsideMentions('README.md', 'see ../shared/DESIGN.md')).toHaveLength(1);
  });

  it('no comment or document points at a file outside the repository', () => {
    const mentions = committedTextFiles().flatMap(({ file, text }) => outsideMentions(file, text));
    expect(mentions).toEqual([]);
  });

  it('the files allowed to name the spec lookup still exist and still name it', () => {
    for (const file of Object.keys(SPEC_LOOKUP_FILES)) {
      expect(readFileSync(join(REPO_ROOT, file), 'utf8'), file).toContain(SPEC_LOOKUP);
    }
  });

  it('reads relative links, not code, web addresses or anchors', () => {
    const page = [
      '[a](docs/a.md) [b](b.md#part) [web](https://example.com) [top](#top)',
      '`[c](c.md)`',
      '```',
      '[d](d.md)',
      '```',
    ].join('\n');
    expect(relativeLinks(page)).toEqual(['docs/a.md', 'b.md#part']);
  });

  it('every relative link of the Markdown pages leads to a file that exists', () => {
    const pages = committedTextFiles().filter(({ file }) => file.endsWith('.md'));
    expect(pages.map(({ file }) => file)).toEqual(
      expect.arrayContaining(['README.md', 'docs/README.md', 'docs/architecture.md']),
    );
    const broken = pages.flatMap(({ file, text }) =>
      relativeLinks(text)
        .filter((target) => {
          const path = decodeURIComponent(target.replace(/[#?].*$/, ''));
          return !existsSync(join(REPO_ROOT, posix.dirname(file), path));
        })
        .map((target) => `${file}: ${target}`),
    );
    expect(broken).toEqual([]);
  });
});
