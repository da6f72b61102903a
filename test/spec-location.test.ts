/**
 * Where Oura's spec is looked for, and what the suite does without it: the
 * spec-driven tests show up as skipped, with the reason, instead of vanishing
 * from the count; under CI=true a missing spec fails the run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_SPEC_PATH, specCandidates } from '../scripts/spec-path.js';
import { REPO_ROOT } from './helpers/cli.js';

describe('the spec: one place for download, gen:types and tests', () => {
  it('searches the project-local download first, then ../shared; OURA_OPENAPI_SPEC alone when set', () => {
    expect(LOCAL_SPEC_PATH).toBe(join(REPO_ROOT, 'spec', 'oura-openapi.json'));
    expect(specCandidates({})).toEqual([
      LOCAL_SPEC_PATH,
      resolve(REPO_ROOT, '..', 'shared', 'oura-openapi.json'),
    ]);
    expect(specCandidates({ OURA_OPENAPI_SPEC: '/x/spec.json' })).toEqual(['/x/spec.json']);
  });

  it('the downloaded spec is git-ignored (it is never committed)', () => {
    const ignored = execFileSync('git', ['check-ignore', LOCAL_SPEC_PATH], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(ignored.trim()).not.toBe('');
  });
});

describe('without the spec', () => {
  /** Runs one spec-driven test file in a child vitest, with the spec pointed nowhere. */
  function runWithoutSpec(ci: boolean) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OURA_OPENAPI_SPEC: join(REPO_ROOT, 'no-such-spec.json'),
    };
    if (ci) env.CI = 'true';
    else delete env.CI;
    const child = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        'test/api-endpoints.test.ts',
        '--reporter=json',
      ],
      { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 60_000 },
    );
    const report = JSON.parse(child.stdout.slice(child.stdout.indexOf('{'))) as {
      numPendingTests: number;
      numFailedTestSuites: number;
      testResults: { assertionResults: { title: string; status: string }[]; message: string }[];
    };
    return { status: child.status, report };
  }

  it('its tests are counted as skipped, named with the reason', () => {
    const { status, report } = runWithoutSpec(false);
    expect(status).toBe(0);
    expect(report.numPendingTests).toBeGreaterThan(0);
    const titles = report.testResults.flatMap((file) => file.assertionResults);
    expect(titles).toContainEqual(
      expect.objectContaining({
        status: 'skipped',
        title: expect.stringMatching(
          /^skipped: Oura's OpenAPI spec is missing .*no-such-spec\.json/,
        ),
      }),
    );
  });

  it('under CI=true it is a failure', () => {
    const { status, report } = runWithoutSpec(true);
    expect(status).not.toBe(0);
    expect(report.numFailedTestSuites).toBe(1);
    expect(report.testResults[0]?.message).toMatch(/CI is set, and Oura's OpenAPI spec/);
  });
});
