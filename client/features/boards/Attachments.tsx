// Attachments on a card: the list in the card dialog (thumbnails for images, a file
// input, the whole dialog as a drop zone), a drop target on the card face and the
// count there. Files go up over REST (multipart); everyone watching sees them through
// the board's `attachment_update` events. Downloads are the server's checked URL:
// only members of the board get the file.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { errorFields } from '@/lib/api';
import { env } from '@/lib/env';
import { formatDateTime } from '@/lib/format';
import type { Attachment, Card, Id } from '@/lib/types';
import { Icon } from '@/components/Icon';
import { useToast } from '@/components/Toast';
import { deleteAttachment, uploadAttachment } from './api';
import { attachmentsForCard, type BoardState } from './boardState';
import { useBoardAccess } from './roles';
import type { BoardApi } from './useBoard';

/** 1536 -> "1.5 KiB". */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} bytes`;
  const kib = size / 1024;
  if (kib < 1024) return `${Number(kib.toFixed(1))} KiB`;
  return `${Number((kib / 1024).toFixed(1))} MiB`;
}

const fileUrl = (attachment: Attachment) => `${env.apiUrl}${attachment.url}`;

/** Uploads files one after another; `busy` names the one on its way, `error` the first refusal. */
function useUpload(cardId: Id, onUploaded?: (attachment: Attachment) => void) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = useCallback(
    async (files: File[]): Promise<string | null> => {
      setError(null);
      let refusal: string | null = null;
      for (const file of files) {
        setBusy(file.name);
        try {
          const attachment = await uploadAttachment(cardId, file);
          onUploaded?.(attachment); // not `onUploaded?.(await …)`: without a callback that would skip the upload
        } catch (e) {
          const { fields, message } = errorFields(e, ['file']);
          refusal ??= `${file.name}: ${fields.file ?? message ?? 'not attached'}`;
        }
      }
      setBusy(null);
      setError(refusal);
      return refusal;
    },
    [cardId, onUploaded],
  );
  return { upload, busy, error };
}

/**
 * Makes an element a drop zone for files from the computer: `marker`'s parent, or
 * the dialog around it. While files are dragged over it, it has the class `file-over`.
 */
function useFileDrop(
  marker: RefObject<HTMLElement | null>,
  zone: 'parent' | 'dialog',
  onFiles: (files: File[]) => void,
  enabled: boolean,
): void {
  const onFilesRef = useRef(onFiles);
  onFilesRef.current = onFiles;
  useEffect(() => {
    const el = zone === 'dialog' ? marker.current?.closest<HTMLElement>('[role="dialog"]') : marker.current?.parentElement;
    if (!el || !enabled) return;
    let depth = 0; // dragenter/dragleave fire for every child crossed
    const carriesFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
    const show = (on: boolean) => el.classList.toggle('file-over', on);
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth += 1;
      show(true);
    };
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault(); // without it the browser would open the file instead
      e.dataTransfer!.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) show(false);
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      depth = 0;
      show(false);
      const files = Array.from(e.dataTransfer!.files);
      if (files.length > 0) onFilesRef.current(files);
    };
    el.addEventListener('dragenter', enter);
    el.addEventListener('dragover', over);
    el.addEventListener('dragleave', leave);
    el.addEventListener('drop', drop);
    return () => {
      el.removeEventListener('dragenter', enter);
      el.removeEventListener('dragover', over);
      el.removeEventListener('dragleave', leave);
      el.removeEventListener('drop', drop);
      show(false);
    };
  }, [marker, zone, enabled]);
}

/** The attachments section of the card dialog; the whole dialog takes dropped files. */
export function Attachments({ cardId, state, board }: { cardId: Id; state: BoardState; board: BoardApi }) {
  const { canEdit } = useBoardAccess(); // viewers see the files but add or remove none
  const live = board.socket.status === 'connected';
  const { upload, busy, error } = useUpload(cardId, board.applyAttachment);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const marker = useRef<HTMLSpanElement>(null);
  useFileDrop(marker, 'dialog', (files) => void upload(files), canEdit && !busy);
  const attachments = attachmentsForCard(state, cardId);

  async function remove(attachment: Attachment) {
    if (!window.confirm(`Delete the attachment “${attachment.name}”?`)) return;
    setDeleteError(null);
    try {
      await deleteAttachment(attachment.id);
      board.forgetAttachment(attachment.id);
    } catch (e) {
      setDeleteError(errorFields(e).message);
    }
  }

  return (
    <section className="detail-section" aria-labelledby="attachments-title" data-testid="attachments">
      <span ref={marker} hidden />
      <h3 id="attachments-title">Attachments</h3>
      {attachments.length === 0 ? <p className="muted">No attachments yet.</p> : null}
      <ul className="attachments">
        {attachments.map((a) => (
          <li key={a.id} className="attachment" data-testid={`attachment-${a.id}`}>
            {a.is_image ? (
              <img className="attachment-thumb" src={fileUrl(a)} alt="" loading="lazy" data-testid={`attachment-thumb-${a.id}`} />
            ) : (
              <span className="attachment-thumb attachment-icon" aria-hidden="true">
                <Icon name="paperclip" />
              </span>
            )}
            <div className="attachment-info">
              <a href={fileUrl(a)} target="_blank" rel="noopener noreferrer" className="attachment-name">
                {a.name}
              </a>
              <span className="muted">
                {formatBytes(a.size)} · {a.uploaded_by?.name ?? 'Someone'} · {formatDateTime(a.created_at)}
              </span>
            </div>
            {canEdit ? (
              <button type="button" className="link" onClick={() => void remove(a)} aria-label={`Delete ${a.name}`}>
                <Icon name="trash" />
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <div className="attach-controls">
          <label htmlFor={`attach-${cardId}`}>Attach files (or drop them on this card)</label>
          <input
            id={`attach-${cardId}`}
            type="file"
            multiple
            disabled={!!busy || !live}
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              if (files.length > 0) void upload(files);
            }}
            data-testid="attachment-input"
          />
        </div>
      ) : null}
      {busy ? (
        <p role="status" className="muted">
          <span className="spinner" aria-hidden="true" /> Uploading {busy}…
        </p>
      ) : null}
      {error || deleteError ? (
        <p className="field-error" role="alert" data-testid="attachment-error">
          {error ?? deleteError}
        </p>
      ) : null}
    </section>
  );
}

/** On a card face: files dropped on the card are attached to it. Renders only a status. */
export function CardFileDrop({ card }: { card: Card }) {
  const { canEdit } = useBoardAccess();
  const toast = useToast();
  const { upload, busy } = useUpload(card.id);
  const marker = useRef<HTMLSpanElement>(null);
  useFileDrop(
    marker,
    'parent',
    (files) =>
      void upload(files).then((refusal) => {
        if (refusal) toast(refusal, 'error');
      }),
    canEdit && !busy,
  );
  return (
    <span ref={marker} className="card-upload" role="status" data-testid={`card-upload-${card.id}`}>
      {busy ? `Uploading ${busy}…` : ''}
    </span>
  );
}

/** "📎 2" on the card face. */
export function AttachmentCount({ card, state }: { card: Card; state: BoardState }) {
  const count = state.attachments.ids.filter((id) => state.attachments.entities[id]!.card_id === card.id).length;
  if (count === 0) return null;
  return (
    <span className="card-attachments" title="Attachments" data-testid={`card-attachments-${card.id}`}>
      <Icon name="paperclip" /> {count}
      <span className="visually-hidden"> {count === 1 ? 'attachment' : 'attachments'}</span>
    </span>
  );
}
