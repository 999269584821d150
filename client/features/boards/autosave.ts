// Saves a value some time after the last change ("debounced"), one save at a
// time, always the newest value; `flush()` saves at once (on blur, on close).
// No React here: the card dialog drives it (useCardDraft.ts); autosave.test.ts
// runs it on fake timers.

/** What one save came to: kept, to be sent again when the connection is back, or refused. */
export type SaveOutcome = 'saved' | 'offline' | 'failed';

/**
 * idle: nothing typed yet; pending: typed, waiting for a pause; saving: sent;
 * saved: the newest value is on the server; offline: waiting for the connection;
 * failed: refused (the caller shows why: a conflict, a field error).
 */
export type AutosaveStatus = 'idle' | 'pending' | 'saving' | SaveOutcome;

export interface AutosaverOptions<T> {
  /** Milliseconds after the last change. */
  delay: number;
  save: (value: T) => Promise<SaveOutcome>;
  onStatus: (status: AutosaveStatus) => void;
}

export class Autosaver<T> {
  private pending: { value: T } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<SaveOutcome> | null = null;
  private last: SaveOutcome = 'saved';
  private status: AutosaveStatus = 'idle';

  constructor(private readonly options: AutosaverOptions<T>) {}

  /** A new value: saved `delay` ms after the last change, unless flushed first. */
  change(value: T): void {
    this.pending = { value };
    this.setStatus(this.running ? 'saving' : 'pending');
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.delay);
  }

  /** True while a value waits or is being sent: closing now would need a flush. */
  get busy(): boolean {
    return this.pending !== null || this.running !== null;
  }

  /** Sends what is waiting now; resolves once every value typed so far is saved (or could not be). */
  flush(): Promise<SaveOutcome> {
    this.clearTimer();
    return this.drain();
  }

  /** Forgets what waits (the user took the other version, or discarded). */
  cancel(): void {
    this.clearTimer();
    this.pending = null;
    if (!this.running) this.setStatus('idle');
  }

  dispose(): void {
    this.clearTimer();
  }

  private drain(): Promise<SaveOutcome> {
    if (this.running) {
      // One save at a time; whatever was typed meanwhile goes next.
      return this.running.then((outcome) => (outcome === 'saved' && this.pending && !this.timer ? this.drain() : outcome));
    }
    if (!this.pending) return Promise.resolve(this.last);
    const { value } = this.pending;
    this.pending = null;
    this.setStatus('saving');
    const run = this.options.save(value).then(
      (outcome) => this.settle(value, outcome),
      () => this.settle(value, 'failed'),
    );
    this.running = run;
    return run;
  }

  private settle(value: T, outcome: SaveOutcome): SaveOutcome {
    this.running = null;
    this.last = outcome;
    // Not sent for want of a connection: keep it for the next flush, unless newer text replaced it.
    if (outcome === 'offline') this.pending ??= { value };
    if (outcome === 'saved' && this.pending) this.setStatus(this.timer ? 'pending' : 'saving');
    else this.setStatus(outcome);
    return outcome;
  }

  private setStatus(status: AutosaveStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus(status);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
