// `npm run lint` (and `make lint`): Next.js's rules with Core Web Vitals as errors, React's
// rules of hooks and exhaustive dependencies (the react-hooks plugin comes with
// eslint-config-next), and typescript-eslint's recommended set. Warnings fail the gate too
// (`--max-warnings=0`), so a rule is either followed or switched off here with a reason.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // A warning in eslint-config-next, an error here. A name that starts with "_" is
      // unused on purpose (`const { [id]: _gone, ...rest } = map`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'react-hooks/exhaustive-deps': 'error',
      // The static export has no image optimizer (next.config.ts: images.unoptimized), so
      // next/image would add nothing over <img> for the attachment thumbnails.
      '@next/next/no-img-element': 'off',
      // React Compiler diagnostics (react-hooks 7) that check a component is safe for the
      // compiler to memoize. The client does not build with the compiler, and the live-stream
      // hooks (useBoard, useCalendar, usePendingQueue, ColumnView's drag state) are built on
      // what these forbid: the latest-value ref written at render, local state reset from an
      // effect when a prop changes, a useCallback that calls itself (join, fillGaps). Turn
      // them on together with the compiler, after rewriting those hooks. The other compiler
      // rules (globals, purity, static-components...) stay on: the code follows them.
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/immutability': 'off',
    },
  },
  {
    // Playwright fixtures call `use(...)`, which is not React's hook.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  globalIgnores([
    '.next/**',
    'out/**',
    'next-env.d.ts',
    'test-results/**',
    'playwright-report/**',
    'blob-report/**',
    // Generated from the server's OpenAPI schema by `make types`.
    'lib/api-schema.ts',
  ]),
]);
