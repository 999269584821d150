// Both versions side by side after someone else changed a field this user is
// editing in the card dialog; the user picks. Only fields both changed need a
// choice: edits of different fields are merged without asking.
import { useMe } from '@/lib/auth';
import type { Card, Id } from '@/lib/types';
import { Icon } from '@/components/Icon';
import { draftOf, type Draft, type DraftField } from './cardDraft';
import { editorName, useLastEditor } from './useCardEdit';
import { fieldList } from './useCardDraft';

export function ConflictPanel({
  cardId,
  mine,
  theirs,
  fields,
  busy,
  onKeepMine,
  onTakeTheirs,
}: {
  cardId: Id;
  mine: Draft;
  theirs: Card;
  /** The fields both changed. */
  fields: readonly DraftField[];
  busy: boolean;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const { data: me } = useMe();
  const editor = useLastEditor(cardId, fields[0] ?? null, theirs.version);
  const version = (title: string, d: Draft, testId: string) => (
    <div className="conflict-version" data-testid={testId}>
      <h3>{title}</h3>
      <dl>
        <dt>Title</dt>
        <dd data-testid={`${testId}-title`}>{d.title}</dd>
        <dt>Description</dt>
        <dd data-testid={`${testId}-description`}>{d.description || <span className="muted">(empty)</span>}</dd>
      </dl>
    </div>
  );
  return (
    <section className="notice conflict" role="alert" aria-label="Edit conflict" data-testid="card-conflict">
      <p>
        <Icon name="warning" /> {fieldList(fields).replace(/^t/, 'T')} changed by {editorName(editor ?? null, me?.id)} meanwhile. Your text
        is kept: choose which version to keep.
      </p>
      <div className="conflict-versions">
        {version('Yours', mine, 'conflict-yours')}
        {version('Theirs', draftOf(theirs), 'conflict-theirs')}
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={onKeepMine} data-testid="conflict-keep-mine">
          Keep mine
        </button>
        <button type="button" onClick={onTakeTheirs} data-testid="conflict-take-theirs">
          Take theirs
        </button>
      </div>
    </section>
  );
}
