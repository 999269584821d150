// Ordered, exactly-once application of a stream's events (docs/protocol.md,
// "Streams and sequence numbers"). `receive`/`resetTo` are pure; StreamFollower
// wires them to a page: it fetches missing ranges and asks for a resync when the
// server cannot fill a gap.

export interface Sequenced {
  seq: number;
}

export interface CursorState<E extends Sequenced> {
  /** Last applied seq; null until a snapshot (or join answer) fixes the start. */
  last: number | null;
  /** Events that arrived past a gap, or before the start was known, by seq. */
  held: E[];
}

export interface Gap {
  /** fetch_events `after`: the last applied seq. */
  after: number;
  /** fetch_events `until`: the seq just before the first held event. */
  until: number;
}

export interface Step<E extends Sequenced> {
  state: CursorState<E>;
  /** Events to apply now, in order. */
  apply: E[];
  gap: Gap | null;
}

export function emptyCursor<E extends Sequenced>(): CursorState<E> {
  return { last: null, held: [] };
}

export function classify(last: number, seq: number): 'apply' | 'duplicate' | 'gap' {
  if (seq <= last) return 'duplicate';
  return seq === last + 1 ? 'apply' : 'gap';
}

function drain<E extends Sequenced>(last: number | null, events: E[]): Step<E> {
  const bySeq = new Map<number, E>();
  for (const event of events) {
    if (last !== null && event.seq <= last) continue; // rule 2: duplicates are harmless
    if (!bySeq.has(event.seq)) bySeq.set(event.seq, event);
  }
  const sorted = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  if (last === null) return { state: { last, held: sorted }, apply: [], gap: null };

  const apply: E[] = [];
  let cursor = last;
  let i = 0;
  while (i < sorted.length && sorted[i]!.seq === cursor + 1) {
    // rule 1: only the next one
    apply.push(sorted[i]!);
    cursor += 1;
    i += 1;
  }
  const held = sorted.slice(i);
  // rule 3: a gap before the first held event
  const gap = held.length > 0 ? { after: cursor, until: held[0]!.seq - 1 } : null;
  return { state: { last: cursor, held }, apply, gap };
}

/** Takes newly arrived events (live or fetched, in any order, with duplicates). */
export function receive<E extends Sequenced>(state: CursorState<E>, incoming: readonly E[]): Step<E> {
  return drain(state.last, [...state.held, ...incoming]);
}

/** A snapshot current at `seq` was applied: continue from there. */
export function resetTo<E extends Sequenced>(state: CursorState<E>, seq: number): Step<E> {
  return drain(seq, state.held);
}

export interface FollowerOptions<E extends Sequenced> {
  apply: (events: E[]) => void;
  /** Resolves with the events in (after, until], or null when they cannot be had. */
  fetchMissing: (gap: Gap) => Promise<E[] | null>;
  /** The stream cannot be continued: load a fresh snapshot and call reset(). */
  resync: () => void;
}

export class StreamFollower<E extends Sequenced> {
  private state: CursorState<E> = emptyCursor();
  private fetching = false;
  // Bumped by reset(): answers to fetches made before a snapshot are dropped.
  private generation = 0;

  constructor(private readonly options: FollowerOptions<E>) {}

  get last(): number | null {
    return this.state.last;
  }

  /** Forget everything (e.g. another board); events are held until the next reset(seq). */
  clear(): void {
    this.generation += 1;
    this.fetching = false;
    this.state = emptyCursor();
  }

  /** A snapshot at `seq` was loaded; held later events are applied. */
  reset(seq: number): void {
    this.generation += 1;
    this.fetching = false;
    this.run(resetTo(this.state, seq));
  }

  push(events: readonly E[]): void {
    this.run(receive(this.state, events));
  }

  private run(step: Step<E>): void {
    this.state = step.state;
    if (step.apply.length > 0) this.options.apply(step.apply);
    if (step.gap && !this.fetching) void this.fill(step.gap);
  }

  private async fill(gap: Gap): Promise<void> {
    this.fetching = true;
    const generation = this.generation;
    let events: E[] | null;
    try {
      events = await this.options.fetchMissing(gap);
    } catch {
      events = null;
    }
    if (generation !== this.generation) return;
    this.fetching = false;
    if (events === null) {
      this.options.resync();
      return;
    }
    const step = receive(this.state, events);
    if (step.gap && step.gap.after === gap.after) {
      // The server had nothing for the gap: continuing would loop.
      this.state = step.state;
      if (step.apply.length > 0) this.options.apply(step.apply);
      this.options.resync();
      return;
    }
    this.run(step);
  }
}
