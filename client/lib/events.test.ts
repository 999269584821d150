// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from './events';

// docs/events.json is exported by the server (server/realtime/schemas.py);
// the TypeScript map must list exactly the same events per direction and namespace.
const docsPath = fileURLToPath(new URL('../../docs/events.json', import.meta.url));

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return [...value].sort();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

describe('event map', () => {
  it('matches docs/events.json', () => {
    const docs: unknown = JSON.parse(readFileSync(docsPath, 'utf8'));
    expect(sorted(EVENT_NAMES)).toEqual(sorted(docs));
  });
});
