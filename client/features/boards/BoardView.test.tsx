// The board page as a whole, against a fake server socket: what a member and a viewer
// can do, and a colleague's move arriving live.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToastProvider } from '@/components/Toast';
import { resetSocketsForTests } from '@/lib/socket';
import type { BoardRole } from '@/lib/types';
import * as fake from '@/test/fakeSocket';
import { board, card, envelope, snapshot } from '@/test/fixtures';
import { BoardView } from './BoardView';

vi.mock('socket.io-client', async () => {
  const mod = await import('@/test/fakeSocket');
  return { io: vi.fn(mod.io) };
});

vi.mock('next/router', () => {
  const router = { query: {}, pathname: '/board', asPath: '/board?id=1', isReady: true, push: vi.fn(), replace: vi.fn() };
  return { useRouter: () => router, default: router };
});

const ME = 3;

function serveMe(): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const path = new URL(String(input), 'http://desk.test').pathname;
      const body =
        path === '/api/auth/me'
          ? { id: ME, email: 'jo@example.test', name: 'Jo Baker', is_staff: true, is_superuser: false, customer_id: null }
          : { error: { code: 'not_found', message: path } };
      return new Response(JSON.stringify(body), { status: path === '/api/auth/me' ? 200 : 404, headers: { 'Content-Type': 'application/json' } });
    }),
  );
}

async function openAs(role: BoardRole) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>
      <ToastProvider>{children}</ToastProvider>
    </QueryClientProvider>
  );
  render(<BoardView boardId={1} />, { wrapper });
  const socket = fake.socketFor('/workflow');
  const members = [
    { id: 1, name: 'Alex Morgan', role: 'owner' as const },
    { id: ME, name: 'Jo Baker', role },
  ];
  socket.answer = (event) =>
    event === 'join_board' ? { ok: true, data: { snapshot: snapshot({ board: board({ members }) }) } } : { ok: true, data: {} };
  act(() => socket.serverAccepts());
  await screen.findByTestId('board');
  return socket;
}

beforeEach(() => {
  fake.sockets.length = 0;
  resetSocketsForTests();
  serveMe();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('BoardView', () => {
  it('shows each list with its cards, and a colleague’s move as it happens', async () => {
    const socket = await openAs('member');
    const first = within(screen.getByTestId('column-10'));
    expect(first.getByTestId('card-1')).toBeTruthy();
    expect(within(screen.getByTestId('column-20')).queryByTestId('card-1')).toBeNull();

    act(() => socket.fire('card_move', envelope('card_move', 6, 'moved', card(1, 20, 0.5, { version: 2 }))));
    expect(within(screen.getByTestId('column-20')).getByTestId('card-1')).toBeTruthy();
    expect(first.queryByTestId('card-1')).toBeNull();
  });

  it('lets a member add cards', async () => {
    await openAs('member');
    expect(screen.getByTestId('add-card-10')).toBeTruthy();
    expect(screen.queryByTestId('view-only-badge')).toBeNull();
  });

  it('gives a viewer the board to read, with nothing that would change it', async () => {
    await openAs('viewer');
    expect(await screen.findByTestId('view-only-badge')).toBeTruthy();
    expect(screen.getByTestId('card-1')).toBeTruthy();
    expect(screen.queryByTestId('add-card-10')).toBeNull();
  });
});
