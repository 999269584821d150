// Small builders for Board/Column/Card/... objects shaped like the REST API's.
import type { Appointment, Attachment, Board, BoardSnapshot, Card, Column, Comment, Label } from '@/lib/types';
import type { WorkflowEnvelope } from '@/lib/events';

export const board = (over: Partial<Board> = {}): Board => ({
  id: 1,
  name: 'Front desk',
  description: '',
  archived: false,
  members: [],
  ...over,
});

export const column = (id: number, over: Partial<Column> = {}): Column => ({
  id,
  board_id: 1,
  name: `Column ${id}`,
  position: id,
  wip_limit: null,
  archived: false,
  version: 1,
  ...over,
});

export const card = (id: number, columnId: number, position: number, over: Partial<Card> = {}): Card => ({
  id,
  board_id: 1,
  column_id: columnId,
  title: `Card ${id}`,
  description: '',
  position,
  label_ids: [],
  assignee_ids: [],
  due_date: null,
  appointment_id: null,
  customer_id: null,
  archived: false,
  version: 1,
  created_at: '2026-11-25T09:00:00+01:00',
  updated_at: '2026-11-25T09:00:00+01:00',
  ...over,
});

export const comment = (id: number, cardId: number, over: Partial<Comment> = {}): Comment => ({
  id,
  card_id: cardId,
  board_id: 1,
  author: { id: 1, name: 'Alex' },
  text: `Comment ${id}`,
  created_at: `2026-11-25T09:0${id}:00+01:00`,
  updated_at: `2026-11-25T09:0${id}:00+01:00`,
  ...over,
});

export const label = (id: number, over: Partial<Label> = {}): Label => ({
  id,
  board_id: 1,
  name: `Label ${id}`,
  color: '#336699',
  ...over,
});

export const attachment = (id: number, cardId: number, over: Partial<Attachment> = {}): Attachment => ({
  id,
  card_id: cardId,
  board_id: 1,
  name: `photo-${id}.png`,
  content_type: 'image/png',
  size: 2048,
  is_image: true,
  url: `/api/attachments/${id}/file`,
  uploaded_by: { id: 1, name: 'Alex' },
  created_at: `2026-11-25T09:0${id}:00+01:00`,
  ...over,
});

export const snapshot = (over: Partial<BoardSnapshot> = {}): BoardSnapshot => ({
  board: board(),
  columns: [column(10), column(20)],
  cards: [card(1, 10, 1), card(2, 10, 2), card(3, 10, 3), card(4, 20, 1)],
  labels: [label(7)],
  comments: [comment(1, 1)],
  checklist_items: [],
  attachments: [],
  seq: 5,
  ...over,
});

export function envelope<E extends WorkflowEnvelope['event']>(
  event: E,
  seq: number,
  op: WorkflowEnvelope['op'],
  data: Extract<WorkflowEnvelope, { event: E }>['data'],
  mutationId: string | null = null,
): Extract<WorkflowEnvelope, { event: E }> {
  return { stream: 'board:1', seq, event, op, data, mutation_id: mutationId } as Extract<WorkflowEnvelope, { event: E }>;
}

/** An appointment as the API shows it: a confirmed 30-minute Haircut in Chair 1 from `start`. */
export const appointment = (id: number, start: string, over: Partial<Appointment> = {}): Appointment => ({
  id,
  customer: { id: 1, name: 'Casey Jones', email: 'casey@example.test', phone: '' },
  service: { id: 1, name: 'Haircut', duration_minutes: 30, price: '25.00', adjustable_duration: false },
  resource: { id: 1, name: 'Chair 1', kind: 'place' },
  start,
  end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
  status: 'confirmed',
  notes: '',
  cancel_reason: '',
  version: 1,
  created_at: '2026-12-01T08:00:00Z',
  updated_at: '2026-12-01T08:00:00Z',
  ...over,
});
