// The card dialog's edits: what it loaded (`base`), what the user typed
// (`draft`), and how the two meet the server's card.
// - The description saves itself (debounced, see autosave.ts); the other fields
//   are saved by the Save button. Both go through useCardEdit, sending only the
//   changed fields with the version of `base`.
// - Someone else's change of a field I am not editing shows at once (their due
//   date appears while I type); a change of a field I am editing is a conflict:
//   both versions are shown and the user picks (ConflictPanel).
import { useEffect, useEffectEvent, useLayoutEffect, useRef, useState } from 'react';
import type { Card } from '@/lib/types';
import { Autosaver, type AutosaveStatus, type SaveOutcome } from './autosave';
import {
  changedFields,
  contestedFields,
  DRAFT_FIELDS,
  draftOf,
  keepMine,
  pickFields,
  rebase,
  type Draft,
  type DraftField,
} from './cardDraft';
import { useCardEdit, type CardSaveResult } from './useCardEdit';
import type { BoardApi } from './useBoard';

/** A pause in typing this long saves the description. */
export const AUTOSAVE_DELAY_MS = 800;

const FIELD_NAMES: Record<DraftField, string> = {
  title: 'title',
  description: 'description',
  label_ids: 'labels',
  assignee_ids: 'assignees',
  due_date: 'due date',
};

/** "the title and due date" */
export function fieldList(fields: readonly DraftField[]): string {
  const names = fields.map((f) => FIELD_NAMES[f]);
  if (names.length <= 1) return `the ${names[0] ?? 'card'}`;
  return `the ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

type Errors = Record<string, string>;

/** A refusal split into messages under the dialog's fields and one message for the rest. */
function splitErrors(result: Extract<CardSaveResult, { reason: 'invalid' }>): { fields: Errors; message: string | null } {
  const fields: Errors = {};
  const other: string[] = [];
  for (const [key, text] of Object.entries(result.fields)) {
    if ((DRAFT_FIELDS as readonly string[]).includes(key)) fields[key] = text;
    else other.push(`${key}: ${text}`);
  }
  const message = [result.message, ...other].filter(Boolean).join(' ');
  return { fields, message: message || null };
}

export function useCardDraft({ card, board, live }: { card: Card; board: BoardApi; live: boolean }) {
  const { save } = useCardEdit(board, card.id);
  const [base, setBase] = useState(card);
  const [draft, setDraft] = useState<Draft>(() => draftOf(card));
  // The card a refused save (`stale`) came back with, in case the board has not caught up.
  const [theirs, setTheirs] = useState<Card | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  /** The Save button's last save went through. */
  const [saved, setSaved] = useState(false);
  const [autosave, setAutosave] = useState<AutosaveStatus>('idle');
  /** A save asked for by the user (Save, Keep mine) is on its way; autosaves do not count. */
  const [busy, setBusy] = useState(false);

  // What is on its way to the server: my own change coming back (through the board)
  // before its answer reaches this hook is not someone else's.
  const [sending, setSending] = useState<Partial<Draft>>({});

  const latest = theirs && theirs.version > card.version ? theirs : card;
  const contested = contestedFields(base, draft, latest).filter(
    (f) => !(f in sending && JSON.stringify(sending[f]) === JSON.stringify(draftOf(latest)[f])),
  );
  const conflict = contested.length > 0;
  const changed = changedFields(draftOf(base), draft);
  /** Edits only the Save button keeps (the description keeps itself). */
  const unsaved = changed.filter((f) => f !== 'description');

  // Someone else changed the card: every field I am not editing follows at once.
  if (latest.version > base.version && !conflict) {
    setBase(latest);
    setDraft(keepMine(base, draft, latest));
    if (theirs) setTheirs(null);
  }

  // For answers that arrive later: the base as last rendered.
  const baseRef = useRef(base);
  useLayoutEffect(() => {
    baseRef.current = base;
  });

  /** Sends `fields` over version `expectedVersion` of `from`; an answer moves the draft onto the saved card. */
  async function send(fields: Partial<Draft>, from: Card, expectedVersion = from.version): Promise<CardSaveResult> {
    setSending((s) => ({ ...s, ...fields }));
    const result = await save(fields, expectedVersion);
    setSending((s) => {
      const left = { ...s };
      for (const f of Object.keys(fields) as DraftField[]) if (left[f] === fields[f]) delete left[f];
      return left;
    });
    if (result.ok) {
      // A newer copy may have come in meanwhile (someone else's event): keep the newest.
      const onto = result.card.version >= baseRef.current.version ? result.card : baseRef.current;
      const sent = { ...draftOf(from), ...fields };
      setBase(onto);
      setDraft((d) => rebase(sent, d, onto));
      setTheirs(null);
    } else if (result.reason === 'stale' && result.current) {
      setTheirs(result.current);
    }
    return result;
  }

  async function saveDescription(description: string): Promise<SaveOutcome> {
    const result = await send({ description }, baseRef.current);
    if (result.ok) {
      setErrors(({ description: _, ...rest }) => rest);
      return 'saved';
    }
    if (result.reason === 'offline') return 'offline';
    if (result.reason === 'invalid') {
      const split = splitErrors(result);
      setErrors((e) => ({ ...e, description: split.fields.description ?? split.message ?? 'Not saved.' }));
    } else if (result.reason === 'error') {
      setMessage(result.message);
    }
    return 'failed';
  }
  const saveDescriptionRef = useRef(saveDescription);
  useLayoutEffect(() => {
    saveDescriptionRef.current = saveDescription;
  });

  const [autosaver] = useState(
    () =>
      new Autosaver<string>({
        delay: AUTOSAVE_DELAY_MS,
        save: (description) => saveDescriptionRef.current(description),
        onStatus: setAutosave,
      }),
  );
  useEffect(() => () => autosaver.dispose(), [autosaver]);
  // Someone else changed the description I am typing: nothing more goes out until the
  // user picks a version (Keep mine sends it; Take theirs may start it again).
  useEffect(() => {
    if (conflict) autosaver.cancel();
  }, [conflict, autosaver]);
  // Typed while the connection was down: saved once it is back (each reconnect is a new epoch).
  const retryOffline = useEffectEvent(() => {
    if (autosave === 'offline') void autosaver.flush();
  });
  const { epoch } = board.socket;
  useEffect(() => {
    if (live) retryOffline();
  }, [live, epoch]);

  function setField<F extends DraftField>(field: F, value: Draft[F]) {
    setDraft((d) => ({ ...d, [field]: value }));
    setSaved(false);
  }

  function setDescription(value: string) {
    setField('description', value);
    setErrors(({ description: _, ...rest }) => rest);
    // While both versions are shown the user picks; nothing is sent meanwhile.
    if (!conflict) autosaver.change(value);
  }

  /** The Save button: the other fields, and the description at once if it is still waiting. */
  async function saveOthers() {
    setMessage(null);
    setSaved(false);
    const flushing = autosaver.flush();
    let ok = true;
    if (unsaved.length > 0) {
      setBusy(true);
      const result = await send(pickFields(draft, unsaved), base).finally(() => setBusy(false));
      ok = result.ok;
      if (result.ok) setErrors((e): Errors => (e.description ? { description: e.description } : {}));
      else if (result.reason === 'invalid') {
        const split = splitErrors(result);
        setErrors((e) => ({ ...(e.description ? { description: e.description } : {}), ...split.fields }));
        setMessage(split.message);
      } else if (result.reason !== 'stale') setMessage(result.message);
    }
    if (ok && (await flushing) === 'saved') setSaved(true);
  }

  /** After a conflict: my values for the fields I changed, theirs for the rest, saved over their version. */
  async function keepMineNow() {
    autosaver.cancel();
    const mine = keepMine(base, draft, latest);
    const fields = changedFields(draftOf(latest), mine);
    setDraft(mine);
    if (fields.length === 0) {
      setBase(latest);
      setTheirs(null);
      return;
    }
    setBusy(true);
    const result = await send(pickFields(mine, fields), latest).finally(() => setBusy(false));
    if (result.ok) setSaved(true);
    else if (result.reason === 'invalid') setErrors(splitErrors(result).fields);
    else if (result.reason !== 'stale') setMessage(result.message);
  }

  /** After a conflict: their values for the fields we both changed; my other edits stay. */
  function takeTheirs() {
    const next = { ...keepMine(base, draft, latest), ...pickFields(draftOf(latest), contested) };
    setBase(latest);
    setDraft(next);
    setTheirs(null);
    setSaved(false);
    if (next.description !== latest.description) autosaver.change(next.description);
    else autosaver.cancel();
  }

  return {
    base,
    draft,
    latest,
    contested,
    conflict,
    /** Fields the Save button has yet to keep (and, in a conflict, the ones to choose). */
    unsaved: conflict ? [...new Set([...contested, ...unsaved])] : unsaved,
    errors,
    message,
    saved: saved && unsaved.length === 0,
    busy,
    autosave,
    autosaver,
    setField,
    setDescription,
    /** Leaving the description saves it at once (not while both versions are shown: the user picks). */
    flushDescription: () => {
      if (!conflict) void autosaver.flush();
    },
    save: saveOthers,
    keepMine: keepMineNow,
    takeTheirs,
  };
}

export type CardDraftApi = ReturnType<typeof useCardDraft>;
