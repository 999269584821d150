// Shapes shared by the REST API and Socket.IO payloads (docs/api.md, docs/protocol.md).

import type { components } from './api-schema';

/** The shapes the REST API answers with, generated from the server's schema (make types). */
type Schemas = components['schemas'];

export type Id = number;

export type User = Schemas['User'];

/** Every code an error can carry (server/common/errors.py is the catalogue). */
export type ErrorCode = Schemas['ErrorCode'];

/** Codes the client gives failures that never reached the server or got no answer from it. */
export type ClientErrorCode = 'offline' | 'timeout' | 'network_error' | 'http_error';

/** The body of every refused request and every failed acknowledgement (or a client-side failure). */
export type ApiErrorBody = Omit<Schemas['ApiError'], 'code'> & { code: ErrorCode | ClientErrorCode };

export type Service = Schemas['Service'];

export type Resource = Schemas['Resource'];

export type Slot = Schemas['Slot'];

export type Availability = Schemas['Availability'];

export type AppointmentStatus = Schemas['StatusEnum'];

export type Customer = Schemas['Customer'];

export type Appointment = Schemas['Appointment'];

export type Business = Schemas['Business'];

/** One day of GET /api/calendar (and of a watch_days snapshot). */
export type CalendarDay = Schemas['CalendarDay'];

export type Calendar = Schemas['Calendar'];

export type HistoryEntry = Schemas['HistoryEntry'];

export type LaneItem = Schemas['LaneItem'];

export type Lane = Schemas['Lane'];

export type Schedule = Schemas['Schedule'];

export type Dashboard = Schemas['Dashboard'];

export type Board = Schemas['Board'];

export type BoardRole = Schemas['RoleEnum'];

export type BoardMember = Schemas['Member'];

export type BoardListItem = Schemas['BoardListItem'];

export type Column = Schemas['Column'];

export type Card = Schemas['Card'];

export type Comment = Schemas['Comment'];

export type ChecklistItem = Schemas['ChecklistItem'];

export type CardHistoryEntry = Schemas['CardHistoryEntry'];

/** GET /api/search: one page of cards found across the boards I may read. */
export type CardSearchPage = Schemas['CardSearchPage'];

export type CardSearchResult = Schemas['CardSearchResult'];

export type Attachment = Schemas['Attachment'];

export type Label = Schemas['Label'];

export type BoardSnapshot = Schemas['BoardSnapshot'];

export type StaffMember = Schemas['StaffMember'];

/** One line of a staff member's notification list (GET /api/notifications, the `notification` event). */
export type Notification = Schemas['Notification'];

export type NotificationPage = Schemas['NotificationPage'];

/** What join_notifications answers without `after`: the first page, exact as of the stream's `seq`. */
export type NotificationSnapshot = NotificationPage & { seq: number };

export type NotificationPreferences = Schemas['NotificationPreferences'];

export type Op = 'created' | 'updated' | 'moved' | 'archived' | 'deleted' | 'read' | 'snapshot';

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
  code: ErrorCode | ClientErrorCode;
  message: string;
  event?: string;
  fields?: Record<string, string[]>;
}
