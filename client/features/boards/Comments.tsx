// The card dialog's comments: the list, live, and a form with @mentions.
import { useState } from 'react';
import { errorFields } from '@/lib/api';
import { useMe } from '@/lib/auth';
import { formatDateTime } from '@/lib/format';
import type { Id } from '@/lib/types';
import { ackData, useFormSubmit } from '@/components/useFormSubmit';
import { MentionInput } from '@/features/notifications';
import { deleteComment } from './api';
import { commentsForCard, type BoardState } from './boardState';
import { useBoardAccess } from './roles';
import { commentSchema } from './schemas';
import type { BoardApi } from './useBoard';

export function Comments({ cardId, state, board, live }: { cardId: Id; state: BoardState; board: BoardApi; live: boolean }) {
  const { data: me } = useMe();
  const { canEdit } = useBoardAccess();
  const [text, setText] = useState('');
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const form = useFormSubmit({
    schema: commentSchema,
    fields: ['text'],
    send: async ({ text: checked }) => ackData(await board.addComment(cardId, checked)),
    onSuccess: () => setText(''),
  });
  const error = form.errors.text ?? form.message ?? deleteError;
  const comments = commentsForCard(state, cardId);

  return (
    <section className="detail-section" aria-labelledby="comments-title">
      <h3 id="comments-title">Comments</h3>
      {comments.length === 0 ? <p className="muted">No comments yet.</p> : null}
      <ul className="comments" data-testid="comments">
        {comments.map((c) => (
          <li key={c.id} data-testid={`comment-${c.id}`}>
            <div className="comment-head">
              <strong>{c.author.name}</strong> <span className="muted">{formatDateTime(c.created_at)}</span>
              {me && me.id === c.author.id && canEdit ? (
                <button
                  type="button"
                  className="link"
                  onClick={async () => {
                    try {
                      await deleteComment(c.id);
                      board.forgetComment(c.id);
                      setDeleteError(null);
                    } catch (err) {
                      setDeleteError(errorFields(err).message);
                    }
                  }}
                >
                  Delete
                </button>
              ) : null}
            </div>
            <p className="comment-text">{c.text}</p>
          </li>
        ))}
      </ul>
      <form onSubmit={form.onSubmit({ text })} noValidate hidden={!canEdit}>
        <label htmlFor="new-comment" className="visually-hidden">
          Add a comment
        </label>
        <MentionInput
          id="new-comment"
          rows={2}
          value={text}
          placeholder="Add a comment (type @ to mention someone)"
          onChange={(value) => {
            setText(value);
            setDeleteError(null);
          }}
          people={state.board.members.filter((m) => m.id !== me?.id)}
          aria-invalid={!!error}
          data-testid="comment-input"
        />
        {error ? (
          <small className="field-error" role="alert" data-testid="comment-error">
            {error}
          </small>
        ) : null}
        <div className="actions">
          <button type="submit" disabled={form.busy || !live} data-testid="comment-submit">
            Comment
          </button>
        </div>
      </form>
    </section>
  );
}
