import { DndContext } from '@dnd-kit/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, Card } from '@/lib/types';
import { card, column, snapshot } from '@/test/fixtures';
import { fromSnapshot } from './boardState';
import { CardDetail } from './CardDetail';
import { ColumnMenu, ColumnView } from './ColumnView';
import type { BoardApi } from './useBoard';

function fakeBoard(over: Partial<Record<keyof BoardApi, unknown>> = {}, status = 'connected', epoch = 1): BoardApi {
  return {
    socket: { status, epoch, isConnected: status === 'connected', error: null },
    updateCard: vi.fn(),
    createCard: vi.fn(),
    moveCard: vi.fn(),
    addComment: vi.fn(),
    applyCard: vi.fn(),
    applyColumn: vi.fn(),
    applyLabel: vi.fn(),
    forgetComment: vi.fn(),
    ...over,
  } as unknown as BoardApi;
}

function wrap(children: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

const state = fromSnapshot(snapshot());
const input = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } })),
  );
});

describe('CardDetail: closing with unsaved changes', () => {
  it('closes at once when nothing changed', () => {
    const onClose = vi.fn();
    render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={fakeBoard()} onClose={onClose} />));
    fireEvent.click(screen.getAllByRole('button', { name: 'Close' })[0]!);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('asks "Discard your changes?" from Escape, the close button and the backdrop', () => {
    const onClose = vi.fn();
    const { container } = render(
      wrap(<CardDetail card={card(1, 10, 1)} state={state} board={fakeBoard()} onClose={onClose} />),
    );
    // The title waits for the Save button (the description would save itself).
    fireEvent.change(input('card-title-input'), { target: { value: 'half-written title' } });

    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    const ask = screen.getByRole('alertdialog', { name: 'Discard your changes?' });
    expect(ask.textContent).toContain('Your changes to the title are not saved yet.');
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(ask.isConnected).toBe(false);
    expect(input('card-title-input').value).toBe('half-written title');

    fireEvent.mouseDown(container.querySelector('.backdrop')!);
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' }); // = keep editing
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(onClose).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('dialog-close'));
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe('CardDetail: edit conflict', () => {
  const theirs = card(1, 10, 1, { title: 'Their title', description: 'Their words', due_date: '2026-12-01', version: 2 });
  const stale: Ack<Card> = { ok: false, error: { code: 'stale', message: 'Changed.', current: theirs } };

  it('keeps my text, shows both versions, and "Keep mine" re-sends with the new version', async () => {
    const saved = card(1, 10, 1, { title: 'My title', description: 'Their words', due_date: '2026-12-01', version: 3 });
    const updateCard = vi.fn<(...args: unknown[]) => Promise<Ack<Card>>>().mockResolvedValueOnce(stale).mockResolvedValueOnce({ ok: true, data: saved });
    render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={fakeBoard({ updateCard })} onClose={vi.fn()} />));

    fireEvent.change(input('card-title-input'), { target: { value: 'My title' } });
    await act(async () => fireEvent.click(screen.getByTestId('card-save')));

    const panel = await screen.findByTestId('card-conflict');
    expect(panel.textContent).toContain('Yours');
    expect(panel.textContent).toContain('Theirs');
    expect(screen.getByTestId('conflict-yours-title').textContent).toBe('My title');
    expect(screen.getByTestId('conflict-theirs-title').textContent).toBe('Their title');
    expect(screen.getByTestId('conflict-theirs-description').textContent).toBe('Their words');
    expect(input('card-title-input').value).toBe('My title'); // not replaced

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Keep mine' })));
    expect(updateCard).toHaveBeenCalledTimes(2);
    const [id, fields, expected] = updateCard.mock.calls[1]!;
    expect(id).toBe(1);
    expect(expected).toBe(2);
    // Only my change is sent, over their version: what only they changed stays theirs.
    expect(fields).toEqual({ title: 'My title' });
    await waitFor(() => expect(screen.queryByTestId('card-conflict')).toBeNull());
    expect(screen.getByTestId('card-saved').textContent).toBe('Saved.');
    expect(input('card-description-input').value).toBe('Their words');
    expect(input('card-due').value).toBe('2026-12-01');
  });

  it('"Take theirs" loads their version and drops mine', async () => {
    const updateCard = vi.fn().mockResolvedValueOnce(stale);
    const onClose = vi.fn();
    render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={fakeBoard({ updateCard })} onClose={onClose} />));
    fireEvent.change(input('card-title-input'), { target: { value: 'My title' } });
    await act(async () => fireEvent.click(screen.getByTestId('card-save')));
    fireEvent.click(await screen.findByRole('button', { name: 'Take theirs' }));
    expect(screen.queryByTestId('card-conflict')).toBeNull();
    expect(input('card-title-input').value).toBe('Their title');
    expect(input('card-description-input').value).toBe('Their words');
    // Nothing unsaved any more: closing does not ask.
    fireEvent.click(screen.getByTestId('dialog-close'));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('shows both versions when the card changes underneath while editing', () => {
    const board = fakeBoard();
    const { rerender } = render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={board} onClose={vi.fn()} />));
    fireEvent.change(input('card-title-input'), { target: { value: 'My title' } });
    rerender(wrap(<CardDetail card={theirs} state={state} board={board} onClose={vi.fn()} />));
    expect(screen.getByTestId('conflict-yours-title').textContent).toBe('My title');
    expect(screen.getByTestId('conflict-theirs-title').textContent).toBe('Their title');
    expect(input('card-title-input').value).toBe('My title');
  });
});

describe('CardDetail: the description saves itself', () => {
  type Update = (id: number, fields: Partial<Card>, expected: number) => Promise<Ack<Card>>;
  // The server's answer: the fields sent, over the version they were based on.
  const accept = vi.fn<Update>(async (_id, fields, expected) => ({ ok: true, data: card(1, 10, 1, { ...fields, version: expected + 1 }) }));
  const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
  const status = () => screen.getByTestId('description-status').textContent;
  const type = (text: string) => fireEvent.change(input('card-description-input'), { target: { value: text } });

  beforeEach(() => {
    vi.useFakeTimers();
    accept.mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it('saves only the description, 800 ms after the last keystroke, with no Save click', async () => {
    render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={fakeBoard({ updateCard: accept })} onClose={vi.fn()} />));
    type('Call');
    await advance(500);
    type('Call back');
    await advance(799);
    expect(accept).not.toHaveBeenCalled();
    expect(status()).toBe('Saving…');
    await advance(1);
    expect(accept).toHaveBeenCalledTimes(1);
    expect(accept).toHaveBeenCalledWith(1, { description: 'Call back' }, 1);
    expect(status()).toBe('Saved');
    expect(screen.getByRole('textbox', { name: 'Description' })).toBe(input('card-description-input'));
  });

  it('saves at once when the field is left', async () => {
    render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={fakeBoard({ updateCard: accept })} onClose={vi.fn()} />));
    type('Left behind');
    await act(async () => fireEvent.blur(input('card-description-input')));
    expect(accept).toHaveBeenCalledWith(1, { description: 'Left behind' }, 1);
    await advance(1000);
    expect(accept).toHaveBeenCalledTimes(1);
  });

  it('closing saves the waiting description instead of asking', async () => {
    const onClose = vi.fn();
    render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={fakeBoard({ updateCard: accept })} onClose={onClose} />));
    type('Almost lost');
    await act(async () => fireEvent.click(screen.getByTestId('dialog-close')));
    expect(accept).toHaveBeenCalledWith(1, { description: 'Almost lost' }, 1);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('asks before closing when the description cannot be saved (no connection)', async () => {
    const offline = vi.fn<Update>(async () => ({ ok: false, error: { code: 'offline', message: 'Not connected to the server.' } }));
    const onClose = vi.fn();
    render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={fakeBoard({ updateCard: offline })} onClose={onClose} />));
    type('Typed offline');
    await act(async () => fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' }));
    expect(offline).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByRole('alertdialog', { name: 'Discard your changes?' }).textContent).toContain('the description');
    expect(status()).toMatch(/Not saved yet/);
  });

  it("someone else's change of another field shows at once and merges with my typing", async () => {
    const board = fakeBoard({ updateCard: accept });
    const { rerender } = render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={board} onClose={vi.fn()} />));
    type('My words');
    rerender(wrap(<CardDetail card={card(1, 10, 1, { due_date: '2026-12-01', version: 2 })} state={state} board={board} onClose={vi.fn()} />));
    expect(screen.queryByTestId('card-conflict')).toBeNull();
    expect(input('card-due').value).toBe('2026-12-01');
    expect(input('card-description-input').value).toBe('My words');
    await advance(800);
    expect(accept).toHaveBeenCalledWith(1, { description: 'My words' }, 2);
  });

  it('a change of the description I am typing, arriving live, stops my waiting autosave until I choose', async () => {
    const board = fakeBoard({ updateCard: accept });
    const { rerender } = render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={board} onClose={vi.fn()} />));
    type('My words');
    rerender(wrap(<CardDetail card={card(1, 10, 1, { description: 'Their words', version: 2 })} state={state} board={board} onClose={vi.fn()} />));
    expect(screen.getByTestId('conflict-theirs-description').textContent).toBe('Their words');
    await act(async () => fireEvent.blur(input('card-description-input')));
    await advance(2000);
    expect(accept).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Take theirs' }));
    expect(input('card-description-input').value).toBe('Their words');
    await advance(2000);
    expect(accept).not.toHaveBeenCalled();
  });

  it('my own save showing on the board before its answer is no conflict; what I typed meanwhile goes next', async () => {
    let answer!: (ack: Ack<Card>) => void;
    const update = vi
      .fn<Update>()
      .mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
      .mockImplementation(accept);
    const board = fakeBoard({ updateCard: update });
    const { rerender } = render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={board} onClose={vi.fn()} />));
    type('First part');
    await advance(800);
    expect(update).toHaveBeenCalledWith(1, { description: 'First part' }, 1);
    type('First part, second part');
    const mine = card(1, 10, 1, { description: 'First part', version: 2 });
    rerender(wrap(<CardDetail card={mine} state={state} board={board} onClose={vi.fn()} />)); // the board has it first
    expect(screen.queryByTestId('card-conflict')).toBeNull();
    await act(async () => answer({ ok: true, data: mine }));
    expect(input('card-description-input').value).toBe('First part, second part');
    await advance(800);
    expect(update).toHaveBeenLastCalledWith(1, { description: 'First part, second part' }, 2);
    expect(status()).toBe('Saved');
  });

  it('a refused save of the same field opens the conflict panel; "Keep mine" re-sends over their version', async () => {
    const theirs = card(1, 10, 1, { description: 'Their words', version: 2 });
    const update = vi
      .fn<Update>()
      .mockResolvedValueOnce({ ok: false, error: { code: 'stale', message: 'Changed.', current: theirs } })
      .mockImplementation(accept);
    render(wrap(<CardDetail card={card(1, 10, 1)} state={state} board={fakeBoard({ updateCard: update })} onClose={vi.fn()} />));
    type('My words');
    await advance(800);
    expect(update).toHaveBeenCalledWith(1, { description: 'My words' }, 1);
    expect(screen.getByTestId('card-conflict').textContent).toContain('The description changed by someone else meanwhile');
    expect(screen.getByTestId('conflict-yours-description').textContent).toBe('My words');
    expect(screen.getByTestId('conflict-theirs-description').textContent).toBe('Their words');
    expect(status()).toBe('');
    // While both are shown nothing more is sent.
    type('My words, more');
    await act(async () => fireEvent.blur(input('card-description-input'))); // e.g. on the way to "Keep mine"
    await advance(2000);
    expect(update).toHaveBeenCalledTimes(1);

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Keep mine' })));
    expect(update).toHaveBeenLastCalledWith(1, { description: 'My words, more' }, 2);
    expect(screen.queryByTestId('card-conflict')).toBeNull();
    expect(input('card-description-input').value).toBe('My words, more');
  });
});

describe('ColumnMenu', () => {
  it('closes on an outside click and on Escape', () => {
    render(
      <>
        <ColumnMenu label="Column A actions">{(close) => <button onClick={close}>Edit</button>}</ColumnMenu>
        <p>outside</p>
      </>,
    );
    const details = document.querySelector('details')!;
    const summary = screen.getByLabelText('Column A actions');
    const open = () => {
      details.open = true;
    };
    open();
    expect(details.open).toBe(true);
    fireEvent.pointerDown(screen.getByText('outside'));
    expect(details.open).toBe(false);

    open();
    fireEvent.pointerDown(screen.getByRole('button', { name: 'Edit' })); // inside: stays
    expect(details.open).toBe(true);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Edit' }), { key: 'Escape' });
    expect(details.open).toBe(false);
    expect(document.activeElement).toBe(summary);

    open();
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    expect(details.open).toBe(false);
  });
});

describe('Add card while offline', () => {
  it('drops "Not connected to the server" once the socket is back', async () => {
    const offline: Ack<Card> = {
      ok: false,
      error: { code: 'offline', message: 'Not connected to the server. Try again when the connection is back.' },
    };
    const createCard = vi.fn().mockResolvedValue(offline);
    const view = (live: boolean, epoch: number) => (
      <DndContext>
        <ColumnView
          column={column(10)}
          cards={[]}
          state={state}
          index={0}
          columnCount={1}
          board={fakeBoard({ createCard }, live ? 'connected' : 'reconnecting', epoch)}
          live={live}
          pendingIds={new Set()}
          onOpenCard={() => {}}
        />
      </DndContext>
    );
    const { rerender } = render(view(false, 1));
    fireEvent.click(screen.getByTestId('add-card-10'));
    fireEvent.change(screen.getByTestId('new-card-title-10'), { target: { value: 'Call back' } });
    await act(async () => fireEvent.click(screen.getByTestId('add-card-submit-10')));
    expect(screen.getByTestId('add-card-error-10').textContent).toMatch(/Not connected to the server/);

    rerender(view(true, 2));
    expect(screen.queryByTestId('add-card-error-10')).toBeNull();
    // The typed title is still there to send again.
    expect((screen.getByTestId('new-card-title-10') as HTMLTextAreaElement).value).toBe('Call back');
  });

  it('keeps a validation error across a reconnect', () => {
    const view = (live: boolean, epoch: number) => (
      <DndContext>
        <ColumnView
          column={column(10)}
          cards={[]}
          state={state}
          index={0}
          columnCount={1}
          board={fakeBoard({}, live ? 'connected' : 'reconnecting', epoch)}
          live={live}
          pendingIds={new Set()}
          onOpenCard={() => {}}
        />
      </DndContext>
    );
    const { rerender } = render(view(true, 1));
    fireEvent.click(screen.getByTestId('add-card-10'));
    fireEvent.click(screen.getByTestId('add-card-submit-10'));
    expect(screen.getByTestId('add-card-error-10').textContent).toBe('Give the card a title.');
    rerender(view(true, 2));
    expect(screen.getByTestId('add-card-error-10').textContent).toBe('Give the card a title.');
  });
});
