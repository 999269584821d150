// `next` after login/registration must never lead off this site, however it is spelled.
import { describe, expect, it } from 'vitest';
import { safeNext } from '@/lib/auth';

const FALLBACK = '/my-appointments';

describe('safeNext', () => {
  // The values as the page receives them from router.query, i.e. already
  // percent-decoded once ("%2F%09%2Fevil.example" arrives as "/\t/evil.example").
  const hostile = [
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\t\n\r/evil.example/boards',
    '\t//evil.example',
    ' //evil.example',
    '\u0000//evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    '/\\/evil.example',
    '/.//evil.example',
    '/./\\evil.example',
    'https://evil.example',
    'https:evil.example',
    'http://evil.example/boards',
    `http://${window.location.host}.evil.example/`,
    `https://${window.location.host}/boards`, // another scheme is another origin
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '\tjavascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://[::1', // does not parse
  ];

  it.each(hostile)('refuses %j', (next) => {
    expect(safeNext(next, FALLBACK)).toBe(FALLBACK);
  });

  it('refuses what is not a single string', () => {
    expect(safeNext(undefined, FALLBACK)).toBe(FALLBACK);
    expect(safeNext(['/boards', '//evil.example'], FALLBACK)).toBe(FALLBACK);
  });

  it.each([
    ['/boards', '/boards'],
    ['/board/?id=3#card-7', '/board/?id=3#card-7'],
    ['/admin/dashboard', '/admin/dashboard'],
    [`${window.location.origin}/book/`, '/book/'],
    // Same origin after normalising: followed, but as the clean path.
    ['/boards/../book', '/book'],
    ['/\tboards', '/boards'],
    // Encoded twice by the sender: still one path segment on this site.
    ['%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ])('follows %j on this site as %j', (next, expected) => {
    expect(safeNext(next, FALLBACK)).toBe(expected);
  });
});
