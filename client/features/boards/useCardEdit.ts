// The one write path for a card's own fields, used by the title edited on the
// card's face (CardTitleEditor) and by the card dialog (useCardDraft): validate
// what is sent, send only those fields with the version the edit started from
// (`card_update` through useBoard, so the board shows the answer at once), and
// say plainly how it went. The server merges edits of different fields and
// refuses (`stale`) an edit of a field someone else changed since that version.
import { useCallback, useEffect, useState } from 'react';
import type { Ack, Card, CardHistoryEntry, Id } from '@/lib/types';
import { issuesToFields } from '@/components/Form';
import { fetchCardHistory } from './api';
import type { Draft, DraftField } from './cardDraft';
import { cardSchema } from './schemas';
import type { BoardApi } from './useBoard';

const partialCard = cardSchema.partial();

export type CardSaveResult =
  | { ok: true; card: Card }
  /** Refused for what was typed: a message per field, and one for the rest. */
  | { ok: false; reason: 'invalid'; fields: Record<string, string>; message: string | null }
  /** Someone else changed a field of this edit first; `current` is the card as it is now. */
  | { ok: false; reason: 'stale'; current: Card | null; message: string }
  /** Not sent (no connection, no answer): worth sending again when the connection is back. */
  | { ok: false; reason: 'offline'; message: string }
  | { ok: false; reason: 'error'; message: string };

const CONNECTION_CODES = new Set(['offline', 'timeout']);

function isCard(value: unknown): value is Card {
  return !!value && typeof value === 'object' && 'version' in value && 'title' in value;
}

/** An acknowledgement of `card_update` as a result. */
export function cardSaveResult(ack: Ack<Card>): CardSaveResult {
  if (ack.ok) return { ok: true, card: ack.data };
  const { code, message } = ack.error;
  if (code === 'stale') return { ok: false, reason: 'stale', current: isCard(ack.error.current) ? ack.error.current : null, message };
  if (CONNECTION_CODES.has(code)) return { ok: false, reason: 'offline', message };
  if (ack.error.fields && Object.keys(ack.error.fields).length > 0) {
    const fields: Record<string, string> = {};
    for (const [key, messages] of Object.entries(ack.error.fields)) fields[key] = messages.join(' ');
    return { ok: false, reason: 'invalid', fields, message };
  }
  return { ok: false, reason: 'error', message: message || code };
}

export function useCardEdit(board: Pick<BoardApi, 'updateCard'>, cardId: Id) {
  const [inFlight, setInFlight] = useState(0);
  const { updateCard } = board;

  /** Saves `fields` (only those) over version `expectedVersion` of the card. */
  const save = useCallback(
    async (fields: Partial<Draft>, expectedVersion: number): Promise<CardSaveResult> => {
      const parsed = partialCard.safeParse(fields);
      if (!parsed.success) return { ok: false, reason: 'invalid', fields: issuesToFields(parsed.error.issues), message: null };
      setInFlight((n) => n + 1);
      try {
        return cardSaveResult(await updateCard(cardId, parsed.data, expectedVersion));
      } finally {
        setInFlight((n) => n - 1);
      }
    },
    [updateCard, cardId],
  );

  return { save, saving: inFlight > 0 };
}

export type Editor = CardHistoryEntry['actor'];

// How the card history (server/workflow/history.py CARD_FIELDS) names each field.
const HISTORY_FIELD: Record<DraftField, string> = {
  title: 'title',
  description: 'description',
  label_ids: 'labels',
  assignee_ids: 'assignees',
  due_date: 'due_date',
};

/**
 * Who last changed `field` of the card, from its history (the server's stored
 * events): "Changed by Sam meanwhile" reads better than "someone". Null when the
 * history cannot say (not loaded, or the change was made outside the web client).
 */
export async function lastEditorOf(cardId: Id, field: DraftField): Promise<Editor> {
  try {
    const history = await fetchCardHistory(cardId);
    for (let i = history.length - 1; i >= 0; i--) {
      const entry = history[i]!;
      if (entry.changes.some((c) => c.field === HISTORY_FIELD[field])) return entry.actor;
    }
  } catch {
    // Only the name is missing: the conflict itself is shown all the same.
  }
  return null;
}

/** "Sam", "you (in another window)" or "someone else", for "Changed by … meanwhile". */
export function editorName(editor: Editor, meId: Id | null | undefined): string {
  if (!editor) return 'someone else';
  if (meId !== undefined && meId !== null && editor.id === meId) return 'you (in another window)';
  return editor.name;
}

/** lastEditorOf as a hook: undefined while it is being looked up. */
export function useLastEditor(cardId: Id, field: DraftField | null, version: number): Editor | undefined {
  const key = field ? `${cardId}:${field}:${version}` : null;
  const [found, setFound] = useState<{ key: string; editor: Editor } | null>(null);
  useEffect(() => {
    if (!key || !field) return;
    let current = true;
    void lastEditorOf(cardId, field).then((editor) => {
      if (current) setFound({ key, editor });
    });
    return () => {
      current = false;
    };
  }, [cardId, field, key]);
  return found && found.key === key ? found.editor : undefined;
}
