// The title edited in place on the card's face.
import { DndContext } from '@dnd-kit/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, BoardRole, Card, CardHistoryEntry } from '@/lib/types';
import { card, snapshot } from '@/test/fixtures';
import { fromSnapshot } from './boardState';
import { CardItem } from './CardItem';
import { accessOf, BoardAccessProvider } from './roles';
import type { BoardApi } from './useBoard';

type Update = (id: number, fields: Partial<Card>, expected: number) => Promise<Ack<Card>>;

const state = fromSnapshot(snapshot());
const SAM = { id: 2, name: 'Sam Lee' };
let history: CardHistoryEntry[] = [];

beforeEach(() => {
  history = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const body = url.endsWith('/api/auth/me')
        ? { id: 1, email: 'alex@example.test', name: 'Alex', is_staff: true, is_superuser: false }
        : url.includes('/history')
          ? history
          : [];
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
});

function renderCard(
  updateCard: Update,
  { role = 'member', live = true, shown = card(1, 10, 1, { title: 'Call the supplier' }) }: { role?: BoardRole; live?: boolean; shown?: Card } = {},
) {
  const board = { updateCard, socket: { status: live ? 'connected' : 'reconnecting' } } as unknown as BoardApi;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = (c: Card) => (
    <QueryClientProvider client={client}>
      <BoardAccessProvider value={accessOf(role)}>
        <DndContext>
          <ul>
            <CardItem card={c} state={state} board={board} disabled={!live || role === 'viewer'} pending={false} onOpen={() => {}} />
          </ul>
        </DndContext>
      </BoardAccessProvider>
    </QueryClientProvider>
  );
  const result = render(view(shown));
  return { ...result, show: (c: Card) => result.rerender(view(c)) };
}

const accept = () =>
  vi.fn<Update>(async (_id, fields, expected) => ({ ok: true, data: card(1, 10, 1, { title: 'Call the supplier', ...fields, version: expected + 1 }) }));
const titleInput = () => screen.getByRole('textbox', { name: 'Card title' }) as HTMLTextAreaElement;

describe('Renaming a card on its face', () => {
  it('opens from the pencil button; Enter saves the title with the version it started from', async () => {
    const update = accept();
    renderCard(update);
    fireEvent.click(screen.getByRole('button', { name: 'Rename card: Call the supplier' }));
    expect(titleInput().value).toBe('Call the supplier');
    expect(document.activeElement).toBe(titleInput());
    fireEvent.change(titleInput(), { target: { value: 'Call the new supplier' } });
    await act(async () => fireEvent.keyDown(titleInput(), { key: 'Enter' }));
    expect(update).toHaveBeenCalledWith(1, { title: 'Call the new supplier' }, 1);
    expect(screen.queryByRole('textbox', { name: 'Card title' })).toBeNull();
    // The keyboard is back where it started.
    expect(document.activeElement).toBe(screen.getByTestId('rename-card-1'));
  });

  it('opens with F2 on the card; Escape cancels and gives the focus back to the card', () => {
    const update = accept();
    renderCard(update);
    const opener = screen.getByTestId('open-card-1');
    opener.focus();
    fireEvent.keyDown(opener, { key: 'F2' });
    fireEvent.change(titleInput(), { target: { value: 'Not this' } });
    fireEvent.keyDown(titleInput(), { key: 'Escape' });
    expect(update).not.toHaveBeenCalled();
    expect(screen.getByTestId('card-title-1').textContent).toBe('Call the supplier');
    expect(document.activeElement).toBe(screen.getByTestId('open-card-1'));
  });

  it('saves when the field is left, and not when nothing changed', async () => {
    const update = accept();
    renderCard(update);
    fireEvent.click(screen.getByTestId('rename-card-1'));
    await act(async () => fireEvent.blur(titleInput()));
    expect(update).not.toHaveBeenCalled();
    expect(screen.queryByRole('textbox', { name: 'Card title' })).toBeNull();

    fireEvent.click(screen.getByTestId('rename-card-1'));
    fireEvent.change(titleInput(), { target: { value: 'Renamed on the way out' } });
    await act(async () => fireEvent.blur(titleInput()));
    expect(update).toHaveBeenCalledWith(1, { title: 'Renamed on the way out' }, 1);
  });

  it('refuses an empty title with a message, and sends nothing', async () => {
    const update = accept();
    renderCard(update);
    fireEvent.click(screen.getByTestId('rename-card-1'));
    fireEvent.change(titleInput(), { target: { value: '   ' } });
    await act(async () => fireEvent.keyDown(titleInput(), { key: 'Enter' }));
    expect(screen.getByRole('alert').textContent).toBe('Give the card a title.');
    expect(titleInput().getAttribute('aria-invalid')).toBe('true');
    expect(update).not.toHaveBeenCalled();
  });

  it('after someone else renamed it meanwhile, says who and offers "Keep mine" (sent over their version)', async () => {
    const theirs = card(1, 10, 1, { title: 'Phone the supplier', version: 2 });
    history = [{ seq: 9, at: '2026-11-25T09:05:00+01:00', actor: SAM, summary: 'Sam Lee renamed the card', changes: [{ field: 'title', old: 'Call the supplier', new: 'Phone the supplier' }] }];
    const update = vi
      .fn<Update>()
      .mockResolvedValueOnce({ ok: false, error: { code: 'stale', message: 'Changed.', current: theirs } })
      .mockResolvedValueOnce({ ok: true, data: { ...theirs, title: 'Call the new supplier', version: 3 } });
    renderCard(update);
    fireEvent.click(screen.getByTestId('rename-card-1'));
    fireEvent.change(titleInput(), { target: { value: 'Call the new supplier' } });
    await act(async () => fireEvent.keyDown(titleInput(), { key: 'Enter' }));

    const conflict = screen.getByTestId('rename-conflict-1');
    await waitFor(() => expect(conflict.textContent).toContain('Changed by Sam Lee meanwhile: “Phone the supplier”'));
    expect(titleInput().value).toBe('Call the new supplier'); // mine is kept while I choose
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep mine' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Keep mine' })));
    expect(update).toHaveBeenLastCalledWith(1, { title: 'Call the new supplier' }, 2);
    expect(screen.queryByTestId('rename-conflict-1')).toBeNull();
  });

  it('"Take theirs" drops my title without sending it', async () => {
    const theirs = card(1, 10, 1, { title: 'Phone the supplier', version: 2 });
    const update = vi.fn<Update>().mockResolvedValueOnce({ ok: false, error: { code: 'stale', message: 'Changed.', current: theirs } });
    const { show } = renderCard(update);
    fireEvent.click(screen.getByTestId('rename-card-1'));
    fireEvent.change(titleInput(), { target: { value: 'Mine' } });
    await act(async () => fireEvent.keyDown(titleInput(), { key: 'Enter' }));
    // The board has their card (useBoard applies a stale answer's `current`).
    show(theirs);
    // Until the history answers, "someone else".
    expect(screen.getByTestId('rename-conflict-1').textContent).toContain('Changed by someone else meanwhile');
    fireEvent.click(screen.getByRole('button', { name: 'Take theirs' }));
    expect(update).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('card-title-1').textContent).toBe('Phone the supplier');
  });

  it('a viewer gets no rename button and F2 does nothing', () => {
    renderCard(accept(), { role: 'viewer' });
    expect(screen.queryByTestId('rename-card-1')).toBeNull();
    fireEvent.keyDown(screen.getByTestId('open-card-1'), { key: 'F2' });
    expect(screen.queryByRole('textbox', { name: 'Card title' })).toBeNull();
  });

  it('the drag handle still picks the card up with Space', async () => {
    renderCard(accept());
    const handle = screen.getByTestId('drag-1');
    handle.focus();
    await act(async () => fireEvent.keyDown(handle, { key: ' ', code: 'Space' }));
    await waitFor(() => expect(document.body.textContent).toMatch(/Picked up draggable item card-1/));
    expect(screen.getByTestId('rename-card-1')).toBeTruthy();
  });
});
