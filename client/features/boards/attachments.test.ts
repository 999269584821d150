import { describe, expect, it } from 'vitest';
import { attachment, envelope, snapshot } from '@/test/fixtures';
import { attachmentsForCard, dispatch, fromSnapshot } from './boardState';
import { formatBytes } from './Attachments';

describe('attachments in the board state', () => {
  const base = fromSnapshot(snapshot({ attachments: [attachment(1, 1)] }));

  it('comes with the snapshot and is listed per card, oldest first', () => {
    const { state } = dispatch(base, envelope('attachment_update', 6, 'created', attachment(2, 1)));
    expect(attachmentsForCard(state, 1).map((a) => a.id)).toEqual([1, 2]);
    expect(attachmentsForCard(state, 2)).toEqual([]);
  });

  it('patches in place: created adds, deleted removes, nothing is refetched', () => {
    const created = dispatch(base, envelope('attachment_update', 6, 'created', attachment(2, 3, { is_image: false })));
    expect(created.refetch).toBe(false);
    expect(created.state.attachments.entities[2]?.card_id).toBe(3);
    const deleted = dispatch(
      created.state,
      envelope('attachment_update', 7, 'deleted', { id: 1, card_id: 1, board_id: 1, name: 'photo-1.png' }),
    );
    expect(deleted.refetch).toBe(false);
    expect(deleted.state.attachments.ids).toEqual([2]);
    expect(deleted.state.seq).toBe(7);
  });
});

describe('formatBytes', () => {
  it('reads as people read sizes', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(10 * 1024 * 1024), formatBytes(2_500_000)]).toEqual([
      '512 bytes',
      '1.5 KiB',
      '10 MiB',
      '2.4 MiB',
    ]);
  });
});
