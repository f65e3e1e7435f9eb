/**
 * The import rules `npm run lint` checks (dependency-cruiser), beside Biome's.
 * Type-only imports are left out: they vanish at run time and cannot form a cycle there.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'A runtime import cycle: modules that need each other to load. Break it by moving the shared part down.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'lib-is-pure',
      comment: 'src/lib is the domain: no astro:* module, no command line, no Astro side.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^(astro:|src/astro/|src/cli/|scripts/|tests/)' },
    },
    {
      name: 'tests-and-scripts-apart',
      comment: 'tests/ and scripts/ share code only through src/ (src/dev/ for development helpers).',
      severity: 'error',
      from: { path: '^(tests|scripts)/' },
      to: { path: '^(tests|scripts)/', pathNot: '^$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.test-builds|compiled|\\.astro)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.astro'] },
  },
};
