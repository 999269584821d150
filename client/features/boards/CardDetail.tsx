// The card dialog: its fields (CardFields, edits held by useCardDraft), the
// conflict panel when someone else changed a field being edited, moving and
// archiving, attachments, the checklist, comments and the card's history.
// Closing saves a description still waiting to be saved; only edits the Save
// button has not kept yet make it ask first.
import { useState } from 'react';
import type { Card } from '@/lib/types';
import { Dialog } from '@/components/Dialog';
import { Attachments } from './Attachments';
import { columnsInOrder, type BoardState } from './boardState';
import { CardFields } from './CardFields';
import { CardHistory } from './CardHistory';
import { Checklist } from './Checklist';
import { Comments } from './Comments';
import { ConflictPanel } from './ConflictPanel';
import { MoveAndArchive } from './MoveAndArchive';
import { READ_ONLY_NOTE, useBoardAccess } from './roles';
import type { BoardApi } from './useBoard';
import { fieldList, useCardDraft } from './useCardDraft';

export function CardDetail({
  card,
  state,
  board,
  onClose,
}: {
  card: Card;
  state: BoardState;
  board: BoardApi;
  onClose: () => void;
}) {
  const readOnly = !useBoardAccess().canEdit;
  const live = board.socket.status === 'connected';
  const edit = useCardDraft({ card, board, live });
  const [confirmingClose, setConfirmingClose] = useState(false);
  const [closing, setClosing] = useState(false);

  /** Escape, the backdrop and the close button. */
  function requestClose() {
    if (closing) return;
    const { autosaver } = edit;
    // The description keeps itself: send what waits now rather than ask about it.
    const flushing = autosaver.busy && !edit.conflict ? autosaver.flush() : null;
    if (edit.unsaved.length > 0) return setConfirmingClose(true);
    if (!flushing) return onClose();
    setClosing(true);
    void flushing.then((outcome) => {
      setClosing(false);
      // Not saved (no connection, refused): ask, as for any edit that would be lost.
      if (outcome === 'saved') onClose();
      else setConfirmingClose(true);
    });
  }

  return (
    <Dialog title={card.title} onClose={requestClose} testId="card-detail">
      {readOnly ? (
        <p className="notice" role="status" data-testid="card-read-only">
          {READ_ONLY_NOTE}
        </p>
      ) : null}
      {/* Viewers see every field, disabled: the server would refuse their changes anyway. */}
      <fieldset className="bare" disabled={readOnly}>
        {edit.conflict ? (
          <ConflictPanel
            cardId={card.id}
            mine={edit.draft}
            theirs={edit.latest}
            fields={edit.contested}
            busy={edit.busy || !live}
            onKeepMine={() => void edit.keepMine()}
            onTakeTheirs={edit.takeTheirs}
          />
        ) : null}
        <CardFields edit={edit} state={state} board={board} live={live} />
        <MoveAndArchive card={card} state={state} board={board} columns={columnsInOrder(state)} onArchived={onClose} live={live} />
      </fieldset>
      <Attachments cardId={card.id} state={state} board={board} />
      <Checklist cardId={card.id} state={state} live={live} />
      <Comments cardId={card.id} state={state} board={board} live={live} />
      <CardHistory cardId={card.id} state={state} />
      {confirmingClose ? (
        <Dialog
          title="Discard your changes?"
          role="alertdialog"
          onClose={() => setConfirmingClose(false)}
          testId="discard-dialog"
          describedBy="discard-text"
        >
          <p id="discard-text">
            Your changes to {edit.unsaved.length > 0 ? fieldList(edit.unsaved) : 'the description'} are not saved yet.
          </p>
          <div className="actions">
            <button type="button" className="primary" autoFocus onClick={() => setConfirmingClose(false)} data-testid="keep-editing">
              Keep editing
            </button>
            <button type="button" className="danger" onClick={onClose} data-testid="discard-changes">
              Discard
            </button>
          </div>
        </Dialog>
      ) : null}
    </Dialog>
  );
}
