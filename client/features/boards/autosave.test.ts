import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver, type AutosaveStatus, type SaveOutcome } from './autosave';

/** A save the test answers when it wants to. */
function deferredSaves() {
  const calls: { value: string; answer: (outcome: SaveOutcome) => void }[] = [];
  const save = vi.fn(
    (value: string) =>
      new Promise<SaveOutcome>((resolve) => {
        calls.push({ value, answer: resolve });
      }),
  );
  return { calls, save };
}

describe('Autosaver', () => {
  let statuses: AutosaveStatus[];
  beforeEach(() => {
    vi.useFakeTimers();
    statuses = [];
  });
  afterEach(() => vi.useRealTimers());

  it('saves once, 800 ms after the last change, the newest value', async () => {
    const save = vi.fn(async () => 'saved' as const);
    const saver = new Autosaver<string>({ delay: 800, save, onStatus: (s) => statuses.push(s) });
    saver.change('a');
    await vi.advanceTimersByTimeAsync(500);
    saver.change('ab'); // typing goes on: the wait starts again
    await vi.advanceTimersByTimeAsync(799);
    expect(save).not.toHaveBeenCalled();
    expect(saver.busy).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith('ab');
    expect(statuses).toEqual(['pending', 'saving', 'saved']);
    expect(saver.busy).toBe(false);
  });

  it('flush saves at once and resolves when saved; nothing waiting resolves at once', async () => {
    const save = vi.fn(async () => 'saved' as const);
    const saver = new Autosaver<string>({ delay: 800, save, onStatus: () => {} });
    await expect(saver.flush()).resolves.toBe('saved');
    expect(save).not.toHaveBeenCalled();
    saver.change('typed');
    await expect(saver.flush()).resolves.toBe('saved');
    expect(save).toHaveBeenCalledWith('typed');
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).toHaveBeenCalledTimes(1); // the timer went with the flush
  });

  it('sends one save at a time; what is typed meanwhile goes next', async () => {
    const { calls, save } = deferredSaves();
    const saver = new Autosaver<string>({ delay: 800, save, onStatus: (s) => statuses.push(s) });
    saver.change('one');
    const first = saver.flush();
    saver.change('one two');
    const second = saver.flush(); // e.g. the dialog closes while the first save is on its way
    expect(calls.map((c) => c.value)).toEqual(['one']);
    calls[0]!.answer('saved');
    await vi.advanceTimersByTimeAsync(0);
    expect(await first).toBe('saved');
    expect(calls.map((c) => c.value)).toEqual(['one', 'one two']);
    calls[1]!.answer('saved');
    expect(await second).toBe('saved');
    expect(statuses.at(-1)).toBe('saved');
  });

  it('keeps a value that could not be sent for the next flush; a refusal is not retried', async () => {
    const outcomes: SaveOutcome[] = ['offline', 'saved', 'failed'];
    const save = vi.fn(async (_value: string) => outcomes.shift()!);
    const saver = new Autosaver<string>({ delay: 800, save, onStatus: (s) => statuses.push(s) });
    saver.change('while offline');
    await expect(saver.flush()).resolves.toBe('offline');
    expect(statuses.at(-1)).toBe('offline');
    expect(saver.busy).toBe(true);
    await expect(saver.flush()).resolves.toBe('saved'); // the connection is back
    expect(save.mock.calls.map((c) => c[0])).toEqual(['while offline', 'while offline']);

    saver.change('refused');
    await expect(saver.flush()).resolves.toBe('failed');
    expect(saver.busy).toBe(false);
    await expect(saver.flush()).resolves.toBe('failed');
    expect(save).toHaveBeenCalledTimes(3);
  });

  it('cancel forgets what waits', async () => {
    const save = vi.fn(async () => 'saved' as const);
    const saver = new Autosaver<string>({ delay: 800, save, onStatus: (s) => statuses.push(s) });
    saver.change('mine');
    saver.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).not.toHaveBeenCalled();
    expect(statuses).toEqual(['pending', 'idle']);
  });
});
