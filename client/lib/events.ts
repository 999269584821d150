// The one map of Socket.IO events and their payloads (docs/protocol.md).
// EVENT_NAMES is the runtime list; lib/events.test.ts checks it equals
// docs/events.json (exported by the server) and the type checks below make
// EventMap and EVENT_NAMES agree, so client, server and docs cannot drift.
import type { components } from './api-schema';
import type {
  Appointment,
  BoardSnapshot,
  Card,
  Comment,
  Dashboard,
  Envelope,
  Id,
  NotificationSnapshot,
  SocketErrorPayload,
} from './types';

/** Each event's `data`, generated from the serializers the server declares for it (realtime.contract). */
type Payloads = components['schemas']['EventPayloads'];
type Event<E extends keyof Payloads> = Envelope<E, Payloads[E]>;

export type Namespace = '/appointments' | '/workflow' | '/customer';

export interface FetchEventsPayload {
  stream: string;
  after: number;
  until?: number;
}

export interface EventsAnswer<E = AnyEnvelope> {
  events: E[];
}

export type ScheduleAction = 'confirm' | 'cancel' | 'complete' | 'no_show' | 'reschedule';

export interface CardFields {
  title?: string;
  description?: string;
  label_ids?: Id[];
  assignee_ids?: Id[];
  due_date?: string | null;
}

/** `payload` is what the client sends, `ack` the `data` of a successful acknowledgement. */
interface Rpc<P, A> {
  payload: P;
  ack: A;
}

export interface EventMap {
  server_to_client: {
    '/appointments': {
      pending_count: Event<'pending_count'>;
      today_appointments: Event<'today_appointments'>;
      today_schedule: Event<'today_schedule'>;
      schedule_updated: Event<'schedule_updated'>;
      appointment_update: Event<'appointment_update'>;
    };
    '/workflow': {
      board_update: Event<'board_update'>;
      column_update: Event<'column_update'>;
      card_update: Event<'card_update'>;
      card_move: Event<'card_move'>;
      comment_update: Event<'comment_update'>;
      label_update: Event<'label_update'>;
      /** The whole item for every op, deleted included. */
      checklist_update: Event<'checklist_update'>;
      attachment_update: Event<'attachment_update'>;
      /** On your own stream `staff:<id>` (join_notifications): ops created and read. */
      notification: Event<'notification'>;
    };
    '/customer': {
      appointment_status: Event<'appointment_status'>;
    };
  };
  client_to_server: {
    '/appointments': {
      fetch_events: Rpc<FetchEventsPayload, EventsAnswer>;
      watch_dashboard: Rpc<Record<string, never>, Record<string, never>>;
      unwatch_dashboard: Rpc<Record<string, never>, Record<string, never>>;
      resume: Rpc<{ after: number }, EventsAnswer | { resync: true; snapshot: Dashboard }>;
      schedule_update: Rpc<
        {
          action: ScheduleAction;
          appointment_id: Id;
          start?: string;
          end?: string;
          resource?: Id;
          expected_version?: number;
          reason?: string;
          mutation_id?: string;
        },
        Appointment
      >;
      watch_days: Rpc<
        { from: string; to: string; after?: Record<string, number> },
        { days: Array<{ date: string; seq: number; appointments: Appointment[] } | { date: string; seq: number; events: AnyEnvelope[] }> }
      >;
      unwatch_days: Rpc<Record<string, never>, Record<string, never>>;
    };
    '/workflow': {
      fetch_events: Rpc<FetchEventsPayload, EventsAnswer>;
      join_board: Rpc<
        { board_id: Id; after?: number },
        { snapshot: BoardSnapshot; resync?: boolean } | { events: AnyEnvelope[]; seq: number }
      >;
      leave_board: Rpc<{ board_id: Id }, Record<string, never>>;
      card_move: Rpc<
        { card_id: Id; column_id: Id; index: number; expected_version?: number; mutation_id?: string },
        Card
      >;
      card_update: Rpc<{ card_id: Id; expected_version?: number; mutation_id?: string } & CardFields, Card>;
      card_create: Rpc<{ column_id: Id; title: string; description?: string; mutation_id?: string }, Card>;
      comment_create: Rpc<{ card_id: Id; text: string; mutation_id?: string }, Comment>;
      join_notifications: Rpc<
        { after?: number },
        { snapshot: NotificationSnapshot; resync?: boolean } | { events: AnyEnvelope[]; seq: number }
      >;
    };
    '/customer': {
      fetch_events: Rpc<FetchEventsPayload, EventsAnswer>;
      resume: Rpc<{ after: number }, EventsAnswer | { resync: true; snapshot: unknown }>;
    };
  };
  always: {
    error: SocketErrorPayload;
    stream_closed: { stream: string; reason: 'access_removed' };
  };
}

export type ServerEvents<N extends Namespace> = EventMap['server_to_client'][N];
export type ServerEventName<N extends Namespace> = keyof ServerEvents<N> & string;
export type ClientEvents<N extends Namespace> = EventMap['client_to_server'][N];
export type ClientEventName<N extends Namespace> = keyof ClientEvents<N> & string;
export type ClientPayload<N extends Namespace, E extends ClientEventName<N>> =
  ClientEvents<N>[E] extends Rpc<infer P, unknown> ? P : never;
export type ClientAck<N extends Namespace, E extends ClientEventName<N>> =
  ClientEvents<N>[E] extends Rpc<unknown, infer A> ? A : never;

/** Any envelope of any namespace. */
export type AnyEnvelope = Envelope<string, unknown>;
export type WorkflowEnvelope = ServerEvents<'/workflow'>[ServerEventName<'/workflow'>];
export type AppointmentsEnvelope = ServerEvents<'/appointments'>[ServerEventName<'/appointments'>];

export const EVENT_NAMES = {
  server_to_client: {
    '/appointments': ['pending_count', 'today_appointments', 'today_schedule', 'schedule_updated', 'appointment_update'],
    '/workflow': ['board_update', 'column_update', 'card_update', 'card_move', 'comment_update', 'label_update', 'checklist_update', 'attachment_update', 'notification'],
    '/customer': ['appointment_status'],
  },
  client_to_server: {
    '/appointments': ['fetch_events', 'watch_dashboard', 'unwatch_dashboard', 'resume', 'schedule_update', 'watch_days', 'unwatch_days'],
    '/workflow': [
      'fetch_events',
      'join_board',
      'leave_board',
      'card_move',
      'card_update',
      'card_create',
      'comment_create',
      'join_notifications',
    ],
    '/customer': ['fetch_events', 'resume'],
  },
  always: ['error', 'stream_closed'],
} as const;

// --- compile-time agreement between EventMap and EVENT_NAMES ---------------
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Names = typeof EVENT_NAMES;
type S2C<N extends Namespace> = Same<keyof ServerEvents<N>, Names['server_to_client'][N][number]>;
type C2S<N extends Namespace> = Same<keyof ClientEvents<N>, Names['client_to_server'][N][number]>;
const eventMapAgrees: [
  S2C<'/appointments'>,
  S2C<'/workflow'>,
  S2C<'/customer'>,
  C2S<'/appointments'>,
  C2S<'/workflow'>,
  C2S<'/customer'>,
  Same<keyof EventMap['always'], Names['always'][number]>,
  Same<Namespace, keyof Names['server_to_client']>,
] = [true, true, true, true, true, true, true, true];
void eventMapAgrees;
