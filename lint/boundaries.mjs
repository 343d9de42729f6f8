// Import boundaries of the repository, checked by `npm run lint` (eslint-plugin-boundaries):
//   (a) an app never imports another app (apps depend on libs only);
//   (b) a lib is imported through its index only (`@libs/<name>`), never past it: not
//       `@libs/<name>/…` and not a path into libs/<name>/src from outside libs/<name>. A lib's own
//       files (src, and its tests in libs/<name>/test) use its internals freely; tests, benchmarks and
//       scripts may also use another lib's test helpers (libs/<name>/test), production code may not;
//   (c) a lib uses only the libs LIB_DEPENDENCIES allows it; an app listed in APP_LIB_DEPENDENCIES
//       only the libs listed there (the others may use any lib's index). The table is checked to be acyclic
//       below, so a cycle between libs is a lint error by construction (one of its edges is missing
//       from the table). docs/architecture.md shows the same graph.
import boundaries from 'eslint-plugin-boundaries';

/** Which libs each lib may import. Keep it acyclic; a new edge is a design decision (docs/architecture.md). */
export const LIB_DEPENDENCIES = {
  'api-common': [],
  'canonical-json': [],
  config: [],
  'connect-spi': [],
  datagen: [],
  'db-migrations': [],
  'kafka-protocol': [],
  secrets: [],
  broker: ['kafka-protocol'],
  redis: ['config'],
  db: ['api-common', 'canonical-json', 'config'],
  auth: ['api-common', 'config', 'db', 'redis'],
  'kafka-clients': ['db', 'kafka-protocol', 'secrets'],
  'schema-registry': ['canonical-json', 'db'],
  telemetry: ['db'],
  'connect-transforms': ['connect-spi'],
  'connect-converters': ['connect-spi', 'schema-registry'],
  connectors: ['config', 'connect-converters', 'connect-spi', 'connect-transforms', 'datagen', 'kafka-clients'],
  'connect-runtime': [
    'canonical-json',
    'connect-converters',
    'connect-spi',
    'connect-transforms',
    'db',
    'kafka-clients',
    'redis',
    'secrets',
    'telemetry',
  ],
};

/**
 * Apps limited to some libs. The CLI (apps/cli) is a client that runs on users' machines and talks to
 * the control plane over HTTP and to clusters over the Kafka protocol only: no lib (Prisma, Nest,
 * secrets, the runtime) belongs in it.
 */
export const APP_LIB_DEPENDENCIES = {
  cli: [],
};

/** Throws on an unknown lib or a cycle in the table (then `npm run lint` cannot even start). */
export function assertAcyclic(deps) {
  const state = new Map(); // lib → 'visiting' | 'done'
  const visit = (lib, path) => {
    if (!(lib in deps)) throw new Error(`lint/boundaries.mjs: ${path.at(-1)} depends on unknown lib ${lib}`);
    if (state.get(lib) === 'done') return;
    if (state.get(lib) === 'visiting')
      throw new Error(`lint/boundaries.mjs: LIB_DEPENDENCIES has a cycle: ${[...path, lib].join(' → ')}`);
    state.set(lib, 'visiting');
    for (const dep of deps[lib]) visit(dep, [...path, lib]);
    state.set(lib, 'done');
  };
  for (const lib of Object.keys(deps)) visit(lib, []);
}

assertAcyclic(LIB_DEPENDENCIES);

const lib = (name) => ({ element: { type: 'lib', captured: { name } } });
const INDEX = 'src/index.ts';

export const boundariesConfig = {
  files: ['**/*.ts'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { typescript: { project: 'tsconfig.json' } },
    'boundaries/legacy-templates': false,
    'boundaries/include': ['apps/**', 'libs/**', 'test/**', 'bench/**', 'scripts/**'],
    'boundaries/elements': [
      // a lib's tests and scripts: its internals, any lib's index, other libs' test helpers
      { type: 'lib-test', pattern: ['libs/*/test', 'libs/*/scripts'], capture: ['name'] },
      { type: 'lib', pattern: 'libs/*', capture: ['name'] },
      { type: 'app', pattern: 'apps/*', capture: ['name'] },
      { type: 'tooling', pattern: ['test/**', 'bench/**', 'scripts/**'], partialMatch: false },
    ],
  },
  rules: {
    // (b) through the alias: `@libs/<name>/…` does not resolve to a file boundaries could classify
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: ['@libs/*/**'], message: 'Import a lib through its index: @libs/<name>.' }] },
    ],
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message:
          '{{from.element.type}} {{from.element.captured.name}} may not import {{to.element.type}} {{to.element.captured.name}} ' +
          '({{to.element.fileInternalPath}}): apps use libs only, a lib is imported through its index (@libs/<name>) ' +
          'and only by the libs lint/boundaries.mjs allows (docs/architecture.md)',
        policies: [
          // (c) lib → the libs the table allows, through their index (b)
          ...Object.entries(LIB_DEPENDENCIES)
            .filter(([, deps]) => deps.length > 0)
            .map(([name, deps]) => ({
              from: lib(name),
              allow: { to: { element: { type: 'lib', captured: { name: deps }, fileInternalPath: INDEX } } },
            })),
          // (a) apps → any lib's index (limited apps: their table's libs); never another app
          {
            from: {
              element: { type: 'app', captured: { name: Object.keys(APP_LIB_DEPENDENCIES).map((a) => `!${a}`) } },
            },
            allow: { to: { element: { type: 'lib', fileInternalPath: INDEX } } },
          },
          ...Object.entries(APP_LIB_DEPENDENCIES)
            .filter(([, deps]) => deps.length > 0)
            .map(([name, deps]) => ({
              from: { element: { type: 'app', captured: { name } } },
              allow: { to: { element: { type: 'lib', captured: { name: deps }, fileInternalPath: INDEX } } },
            })),
          // tests, benchmarks, scripts: apps (harnesses), any lib's index, libs' test helpers
          {
            from: { element: { type: ['tooling', 'lib-test'] } },
            allow: [
              { to: { element: { type: ['app', 'tooling', 'lib-test'] } } },
              { to: { element: { type: 'lib', fileInternalPath: INDEX } } },
            ],
          },
          // a lib's tests: that lib's internals
          {
            from: { element: { type: 'lib-test' } },
            allow: { to: { element: { type: 'lib', captured: { name: '{{from.captured.name}}' } } } },
          },
        ],
      },
    ],
  },
};
