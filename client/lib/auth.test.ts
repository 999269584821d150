import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchMe } from './auth';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const user = { id: 1, email: 'a@b.test', name: 'A', is_staff: true, customer_id: null };

describe('who am I', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is null when the server says nobody is signed in (an answer, not an error)', async () => {
    fetchMock.mockResolvedValue(json(200, null));
    expect(await fetchMe()).toBeNull();
  });

  it('is the user when signed in', async () => {
    fetchMock.mockResolvedValue(json(200, user));
    expect(await fetchMe()).toEqual(user);
  });

  it('is null when the session is refused', async () => {
    fetchMock.mockResolvedValue(json(403, { error: { code: 'forbidden', message: 'No.' } }));
    expect(await fetchMe()).toBeNull();
  });
});
