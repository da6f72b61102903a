/**
 * The layer rules of src/ (docs/architecture.md, "Layers"), checked by
 * `npm run lint` and test/layers.test.ts. Imports run down the layers only:
 *
 *   entries           cli/ (everything), src/index.ts (library re-exports)
 *   the service       serve/ (`oura serve`: many people's profiles and MCP servers in one process)
 *   features          mcp/, report/, doctor/, proxy/, skill/, insights/
 *   composition root  profile/ (grouped with the features below; it imports none of them)
 *   engines           api/, auth/, store/, history/, webhook/
 *   foundation        oura/, calendar/, text/, html/, files/, net/, series/, src/*.ts
 *
 * and the emulator stands apart: it builds on the foundation only, and only the CLI
 * actions that start it import it. Type-only and lazy (`await import()`) imports
 * count everywhere: a cycle through either still ties two files' reasons to change together.
 */

const FOUNDATION =
  '^src/(oura|calendar|text|html|files|net|series)/|^src/(?!index\\.ts$)[^/]+\\.ts$';
const ENGINES = '^src/(api|auth|store|history|webhook)/';
const FEATURES = '^src/(mcp|report|doctor|proxy|skill|profile|insights)/';
const ENTRIES = '^src/cli/|^src/index\\.ts$';
const EMULATOR = '^src/emulator/';
const SERVICE = '^src/serve/';

/** A rule: files matching `from` may not import files matching `to`. */
const forbid = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'An import cycle in src/ (type-only imports count): move the shared type down a layer.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    forbid(
      'the-service-sits-below-the-cli',
      'serve/ builds on the features, the composition root and the engines; only the CLI starts it.',
      `${FOUNDATION}|${ENGINES}|${FEATURES}|${EMULATOR}`,
      SERVICE,
    ),
    forbid(
      'the-service-is-no-entry',
      'serve/ never imports the CLI, the library entry or the emulator.',
      SERVICE,
      `${ENTRIES}|${EMULATOR}`,
    ),
    forbid(
      'foundation-stays-down',
      'The foundation (oura/, calendar/, text/, html/, files/, net/, series/, src/*.ts) imports only itself.',
      FOUNDATION,
      `${ENGINES}|${FEATURES}|${ENTRIES}|${EMULATOR}`,
    ),
    forbid(
      'engines-stay-below-features',
      'api/, auth/, store/, history/ and webhook/ never import a feature, the CLI, the library entry or the emulator.',
      ENGINES,
      `${FEATURES}|${ENTRIES}|${EMULATOR}`,
    ),
    forbid(
      'api-knows-no-session-or-storage',
      'The client gets its token through getToken(): it knows nothing of auth/, store/, history/ or webhook/.',
      '^src/api/',
      '^src/(auth|store|history|webhook)/',
    ),
    forbid(
      'store-knows-no-protocol',
      'The credential and config store knows nothing of OAuth, the client, the history or webhooks.',
      '^src/store/',
      '^src/(api|auth|history|webhook)/',
    ),
    forbid(
      'auth-knows-no-history',
      'Logging in and refreshing touch the token store and the client, never the history or webhooks.',
      '^src/auth/',
      '^src/(history|webhook)/',
    ),
    forbid(
      'history-knows-the-client-only',
      'The history knows the client through an interface; it never touches tokens or webhooks.',
      '^src/history/',
      '^src/(auth|store|webhook)/',
    ),
    forbid(
      'features-stay-below-the-cli',
      'mcp/, report/, doctor/, proxy/, skill/ and profile/ never import the CLI, the library entry or the emulator.',
      FEATURES,
      `${ENTRIES}|${EMULATOR}`,
    ),
    {
      name: 'features-stand-side-by-side',
      comment:
        'report/, doctor/, proxy/ and skill/ import no other feature and not the MCP server.',
      severity: 'error',
      from: { path: '^src/(report|doctor|proxy|skill)/' },
      to: { path: '^src/(mcp|report|doctor|proxy|skill)/', pathNot: '^src/$1/' },
    },
    {
      name: 'insights-compute-from-documents-only',
      comment:
        'insights/ is statistics over documents its caller reads: the foundation and the document types, no engine, no other feature.',
      severity: 'error',
      from: { path: '^src/insights/' },
      to: { path: `${ENGINES}|${FEATURES}`, pathNot: '^src/api/types\\.ts$|^src/insights/' },
    },
    forbid(
      'the-composition-root-is-below-its-users',
      'profile/ opens the engines; it imports no feature (they take their engines from it).',
      '^src/profile/',
      '^src/(mcp|report|doctor|proxy|skill)/',
    ),
    forbid(
      'emulator-stands-apart',
      'The emulator is a separate server in the same package: it builds on the foundation only.',
      EMULATOR,
      `${ENGINES}|${FEATURES}|${ENTRIES}`,
    ),
    {
      name: 'only-cli-actions-start-the-emulator',
      comment:
        'Only the CLI actions that start the emulator import it (the library exports it as its own entry).',
      severity: 'error',
      from: { path: '^src/', pathNot: `${EMULATOR}|^src/cli/actions/` },
      to: { path: EMULATOR },
    },
    {
      name: 'nothing-imports-the-library-entry',
      comment: 'src/index.ts only re-exports; code inside src/ imports the module itself.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
  ],
  options: {
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
