// Shapes shared by the REST API and Socket.IO payloads (docs/api.md, docs/protocol.md).

export type Id = number;

export interface User {
  id: Id;
  email: string;
  name: string;
  is_staff: boolean;
  customer_id: Id | null;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string[]>;
  current?: unknown;
}

export interface Service {
  id: Id;
  name: string;
  duration_minutes: number;
  /** null when the price is on request. */
  price: string | number | null;
  active: boolean;
  /** Staff may change an appointment's length (on the slot grid). */
  adjustable_duration?: boolean;
  resource_ids: Id[];
}

export interface Resource {
  id: Id;
  name: string;
  kind: 'staff' | 'place';
}

export interface Slot {
  start: string;
  end: string;
  resource_ids: Id[];
}

export interface Availability {
  date: string;
  service: Id;
  slots: Slot[];
}

export type AppointmentStatus = 'pending' | 'confirmed' | 'cancelled' | 'completed' | 'no_show';

export interface Customer {
  id: Id;
  name: string;
  email: string;
  phone: string;
}

export interface Appointment {
  id: Id;
  customer: Customer;
  service: { id: Id; name: string; duration_minutes: number; price: string | null; adjustable_duration?: boolean };
  resource: Resource;
  start: string;
  end: string;
  status: AppointmentStatus;
  notes: string;
  /** What the customer is told when it was cancelled or declined; "" otherwise. */
  cancel_reason: string;
  /** Increases on every change; sent back as expected_version. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** GET /api/business: how the business presents times and prices. */
export interface Business {
  name: string;
  time_zone: string;
  currency: string;
  locale: string;
  slot_minutes: number;
  cancellation_notice_hours: number;
  reminder_hours: number;
}

/** One day of GET /api/calendar (and of a watch_days snapshot). */
export interface CalendarDay {
  date: string;
  /** "09:00" in the business time zone; null when closed. */
  open: string | null;
  close: string | null;
  closed_reason: string;
  seq: number;
  appointments: Appointment[];
}

export interface Calendar {
  time_zone: string;
  from: string;
  to: string;
  resources: Resource[];
  days: CalendarDay[];
}

export interface HistoryEntry {
  at: string;
  actor: { id: Id; name: string } | null;
  op: string;
  summary: string;
  changes: Record<string, [unknown, unknown]>;
}

export type LaneItem =
  | { type: 'appointment'; start: string; end: string; appointment: Appointment }
  | { type: 'free'; start: string; end: string };

export interface Lane {
  resource: Resource;
  items: LaneItem[];
}

export interface Schedule {
  date: string;
  opens: string | null;
  closes: string | null;
  lanes: Lane[];
}

export interface Dashboard {
  date: string;
  pending_count: number;
  today_appointments: Appointment[];
  today_schedule: Schedule;
  seq: number;
}

export interface Board {
  id: Id;
  name: string;
  description: string;
  archived: boolean;
  members: BoardMember[];
}

export type BoardRole = 'owner' | 'member' | 'viewer';

export interface BoardMember {
  id: Id;
  name: string;
  role: BoardRole;
}

/** A board in the list: with its card count and last change. */
export interface BoardListItem extends Board {
  card_count: number;
  last_activity: { at: string; text: string } | null;
}

export interface Column {
  id: Id;
  board_id: Id;
  name: string;
  position: number;
  wip_limit: number | null;
  archived: boolean;
  version: number;
}

export interface Card {
  id: Id;
  board_id: Id;
  column_id: Id;
  title: string;
  description: string;
  position: number;
  label_ids: Id[];
  assignee_ids: Id[];
  due_date: string | null;
  appointment_id: Id | null;
  customer_id: Id | null;
  archived: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Comment {
  id: Id;
  card_id: Id;
  board_id: Id;
  author: { id: Id; name: string };
  text: string;
  created_at: string;
  updated_at: string;
}

export interface Label {
  id: Id;
  board_id: Id;
  name: string;
  color: string;
}

export interface BoardSnapshot {
  board: Board;
  columns: Column[];
  cards: Card[];
  labels: Label[];
  comments: Comment[];
  seq: number;
}

export interface StaffMember {
  id: Id;
  name: string;
  email: string;
}

export type Op = 'created' | 'updated' | 'moved' | 'archived' | 'deleted' | 'snapshot';

/** Every server-to-client event except `error` is an envelope. */
export interface Envelope<E extends string = string, D = unknown> {
  stream: string;
  seq: number;
  event: E;
  op: Op;
  data: D;
  mutation_id: string | null;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

export interface SocketErrorPayload {
  code: string;
  message: string;
  event?: string;
  fields?: Record<string, string[]>;
}
