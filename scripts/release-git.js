#!/usr/bin/env node
/**
 * Makes the commit people install from GitHub before (or besides) an npm
 * release: `npm install -g git+https://github.com/<owner>/oura-connect.git#release`.
 *
 * npm does not install devDependencies for a global git install, so a source
 * commit, whose `prepare` needs TypeScript, fails there with `tsc: not found`
 * (https://github.com/npm/cli/issues/8440). This script builds here, then
 * commits exactly the files `npm pack` would ship (dist/ included) with a
 * package.json that has nothing left to build, onto the `release` branch and
 * the tag `v<version>-dist`. Your working tree, index and current branch are
 * left as they are (the commit is made with git's plumbing and a temporary
 * index). Nothing is pushed: the script prints the push command.
 *
 * Usage: npm run release:git
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RELEASE_BRANCH = 'release';
/**
 * npm prepares a git dependency (installs its devDependencies and runs these)
 * when its package.json has any of them (pacote's git fetcher); the built
 * package must have none. `scripts` goes whole: the rest only serve a checkout.
 */
const DROPPED_FIELDS = ['scripts', 'devDependencies'];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (process.argv.length > 2) {
  fail(`it takes no arguments (got ${process.argv.slice(2).join(' ')}).`, 2);
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const tag = `v${manifest.version}-dist`;
if (git(['tag', '--list', tag]) !== '') {
  fail(
    `the tag ${tag} exists already, and a published tag must not move: ` +
      'raise "version" in package.json and commit it first.',
  );
}
const source = git(['rev-parse', 'HEAD']);
requireCommittedSources();

process.stderr.write(`Building ${manifest.name} ${manifest.version} from ${source.slice(0, 12)}\n`);
rmSync(path.join(repoRoot, 'dist'), { recursive: true, force: true });
execFileSync(NPM, ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });

const previous = git(['rev-parse', '--verify', '--quiet', `refs/heads/${RELEASE_BRANCH}`], {
  allowFailure: true,
});
const commit = commitPackedFiles(packedFiles(), previous);
// The old value guards against a branch moved by someone else meanwhile.
git(['update-ref', `refs/heads/${RELEASE_BRANCH}`, commit, previous || '']);
git(['tag', '--annotate', '--message', `${manifest.name} ${manifest.version}, built`, tag, commit]);

process.stdout.write(
  `${RELEASE_BRANCH} and ${tag} now name ${commit.slice(0, 12)}, the built package of ${source.slice(0, 12)}.\n` +
    `Publish them:  git push origin ${RELEASE_BRANCH} ${tag}\n` +
    'People then install with:  npm install -g git+https://github.com/<owner>/oura-connect.git#' +
    `${RELEASE_BRANCH}  (or #${tag} for this version)\n`,
);

/**
 * The release must be rebuildable from a commit: no changed tracked file, and
 * no untracked one that the build or `npm pack` could pick up. The
 * `node_modules` symlink of a worktree is the one untracked entry allowed.
 */
function requireCommittedSources() {
  const dirty = git(['status', '--porcelain', '--untracked-files=all'])
    .split('\n')
    .filter((line) => line !== '' && line !== '?? node_modules');
  if (dirty.length > 0) {
    fail(
      `the checkout has changes that are not in ${source.slice(0, 12)}:\n  ${dirty.join('\n  ')}\n` +
        'Commit or remove them, so the release is the build of a commit.',
    );
  }
}

/** What `npm pack` would put in the tarball, with each file's mode. */
function packedFiles() {
  const out = execFileSync(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [entry] = JSON.parse(out);
  if (!entry?.files?.length) fail(`npm pack listed no files: ${out}`);
  return entry.files;
}

/**
 * Writes the files into a tree through a temporary index (the real index and
 * working tree stay untouched) and commits it on top of the previous release,
 * so the branch only ever moves forward.
 */
function commitPackedFiles(files, previous) {
  const indexDir = mkdtempSync(path.join(tmpdir(), 'oura-release-'));
  try {
    const env = { ...process.env, GIT_INDEX_FILE: path.join(indexDir, 'index') };
    const shipped = files.filter((file) => file.path !== 'package.json');
    const blobs = git(['hash-object', '-w', '--stdin-paths'], {
      input: shipped.map((file) => file.path).join('\n'),
    }).split('\n');
    const entries = shipped.map(
      (file, i) => `${file.mode & 0o111 ? '100755' : '100644'} ${blobs[i]}\t${file.path}`,
    );
    const builtManifest = git(['hash-object', '-w', '--stdin'], {
      input: `${JSON.stringify(withoutBuildSteps(manifest), null, 2)}\n`,
    });
    entries.push(`100644 ${builtManifest}\tpackage.json`);
    git(['update-index', '--add', '--index-info'], { env, input: `${entries.join('\n')}\n` });
    const tree = git(['write-tree'], { env });
    const message = `${manifest.name} ${manifest.version}, built from ${source}`;
    return git(['commit-tree', tree, ...(previous ? ['-p', previous] : []), '-m', message]);
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
}

function withoutBuildSteps(packageJson) {
  const built = { ...packageJson };
  for (const field of DROPPED_FIELDS) delete built[field];
  return built;
}

function git(args, { env = process.env, input, allowFailure = false } = {}) {
  try {
    return execFileSync('git', args, {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', allowFailure ? 'ignore' : 'inherit'],
    }).trim();
  } catch (error) {
    if (allowFailure) return '';
    fail(`git ${args[0]} failed (${error.message.split('\n')[0]}).`);
  }
}

function fail(message, exitCode = 1) {
  process.stderr.write(`release-git: ${message}\n`);
  process.exit(exitCode);
}
