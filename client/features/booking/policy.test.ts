import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api';
import type { ErrorCode } from '@/lib/types';
import { canChange, changeDeadline, changeErrorMessage, policyText } from './policy';

const start = '2026-12-08T10:00:00+00:00';
const at = (iso: string) => Date.parse(iso);

describe('canChange', () => {
  it('allows changes until the notice period before the start', () => {
    expect(changeDeadline(start, 24)).toBe(at('2026-12-07T10:00:00Z'));
    expect(canChange({ start, status: 'confirmed' }, 24, at('2026-12-07T09:59:59Z'))).toBe(true);
    expect(canChange({ start, status: 'pending' }, 24, at('2026-12-01T00:00:00Z'))).toBe(true);
  });

  it('refuses them from the deadline on', () => {
    expect(canChange({ start, status: 'confirmed' }, 24, at('2026-12-07T10:00:00Z'))).toBe(false);
    expect(canChange({ start, status: 'confirmed' }, 24, at('2026-12-08T09:00:00Z'))).toBe(false);
    expect(canChange({ start, status: 'confirmed' }, 2, at('2026-12-08T08:30:00Z'))).toBe(false);
    expect(canChange({ start, status: 'confirmed' }, 2, at('2026-12-08T07:30:00Z'))).toBe(true);
  });

  it('compares instants, whatever offset the start is written with', () => {
    const local = '2026-07-08T10:00:00+01:00'; // 09:00 UTC
    expect(canChange({ start: local, status: 'confirmed' }, 24, at('2026-07-07T08:59:00Z'))).toBe(true);
    expect(canChange({ start: local, status: 'confirmed' }, 24, at('2026-07-07T09:01:00Z'))).toBe(false);
  });

  it('never allows changing a cancelled, completed or missed appointment', () => {
    for (const status of ['cancelled', 'completed', 'no_show'] as const) {
      expect(canChange({ start, status }, 24, at('2026-11-01T00:00:00Z'))).toBe(false);
    }
  });
});

describe('messages', () => {
  it('words the policy', () => {
    expect(policyText(24)).toBe('Changes are possible until 24 hours before; please call us.');
    expect(policyText(1)).toBe('Changes are possible until 1 hour before; please call us.');
  });

  it('explains each refusal', () => {
    const refusal = (code: ErrorCode) => changeErrorMessage(new ApiError(409, { code, message: 'server text' }), 48);
    expect(refusal('too_late_to_change')).toContain('48 hours before');
    expect(refusal('slot_unavailable')).toMatch(/just taken/);
    expect(refusal('customer_overlap')).toMatch(/another appointment at that time/);
    expect(refusal('stale')).toMatch(/changed in the meantime/);
    expect(refusal('invalid')).toBe('server text');
    expect(changeErrorMessage(new Error('offline'), 24)).toBe('offline');
  });
});
