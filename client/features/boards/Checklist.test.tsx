import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChecklistItem } from '@/lib/types';
import { snapshot } from '@/test/fixtures';
import { fromSnapshot } from './boardState';
import { CardChecklistBadge, Checklist } from './Checklist';
import { accessOf, BoardAccessProvider } from './roles';

const item = (id: number, position: number, over: Partial<ChecklistItem> = {}): ChecklistItem => ({
  id,
  card_id: 1,
  board_id: 1,
  text: `Item ${id}`,
  done: false,
  position,
  ...over,
});

const state = fromSnapshot(snapshot({ checklist_items: [item(1, 1), item(2, 2, { done: true })] }));
let requests: { method: string; url: string; body: unknown }[] = [];

beforeEach(() => {
  requests = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      requests.push({ method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(init.body as string) : undefined });
      return new Response(JSON.stringify(item(1, 1, { done: true })), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
});

describe('Checklist', () => {
  it('shows progress and sends a tick, showing it before the event confirms it', async () => {
    render(<Checklist cardId={1} state={state} live />);
    expect(screen.getByTestId('checklist').textContent).toContain('1 of 2 done');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Item 1' }));
    expect((screen.getByRole('checkbox', { name: 'Item 1' }) as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    expect(requests.find((r) => r.method === 'PATCH')).toMatchObject({ url: '/api/checklist-items/1', body: { done: true } });
  });

  it('refuses an empty item without asking the server', () => {
    render(<Checklist cardId={1} state={state} live />);
    fireEvent.click(screen.getByRole('button', { name: /Add item/ }));
    expect(screen.getByRole('alert').textContent).toContain('Write what needs doing.');
    expect(requests).toEqual([]);
  });

  it('shows a refused edit on the one message line, until the next message replaces it', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        requests.push({ method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(init.body as string) : undefined });
        const refusal = { error: { code: 'invalid', message: 'Check the item.', fields: { text: ['Too vague.'] } } };
        return new Response(JSON.stringify(refusal), { status: 400, headers: { 'Content-Type': 'application/json' } });
      }),
    );
    render(<Checklist cardId={1} state={state} live />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit “Item 1”' }));
    fireEvent.click(screen.getByTestId('checklist-save-1'));
    expect(screen.queryByTestId('checklist-edit-input-1')).toBeNull(); // unchanged: closed, nothing sent
    expect(requests).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Edit “Item 1”' }));
    fireEvent.change(screen.getByTestId('checklist-edit-input-1'), { target: { value: 'Stuff' } });
    fireEvent.click(screen.getByTestId('checklist-save-1'));
    await waitFor(() => expect(screen.getByTestId('checklist-error').textContent).toBe('Check the item. text: Too vague.'));
    expect(requests.find((r) => r.method === 'PATCH')).toMatchObject({ url: '/api/checklist-items/1', body: { text: 'Stuff' } });
    expect(screen.getByTestId('checklist-edit-input-1')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: /Add item/ }));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['Write what needs doing.']);
  });

  it('gives a viewer the list read-only', () => {
    render(
      <BoardAccessProvider value={accessOf('viewer')}>
        <Checklist cardId={1} state={state} live />
      </BoardAccessProvider>,
    );
    expect((screen.getByRole('checkbox', { name: 'Item 2' }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByLabelText('Add a checklist item')).toBeNull();
    expect(screen.queryByRole('button', { name: /Move|Delete|Edit/ })).toBeNull();
  });

  it('offers moving up only below the first item and down only above the last', () => {
    render(<Checklist cardId={1} state={state} live />);
    expect((screen.getByRole('button', { name: 'Move “Item 1” up' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Move “Item 1” down' }) as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByRole('button', { name: 'Move “Item 2” down' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('CardChecklistBadge', () => {
  it('shows done of all, and nothing without a checklist', () => {
    const { rerender } = render(<CardChecklistBadge cardId={1} state={state} />);
    expect(screen.getByTestId('card-checklist-1').textContent).toContain('1/2 checklist items done');
    rerender(<CardChecklistBadge cardId={2} state={state} />);
    expect(screen.queryByTestId('card-checklist-2')).toBeNull();
  });
});
