import { describe, expect, it, vi } from 'vitest';
import { classify, emptyCursor, receive, resetTo, StreamFollower, type Gap } from './streamCursor';

const ev = (seq: number) => ({ seq, event: 'x' });
const seqs = (events: { seq: number }[]) => events.map((e) => e.seq);

describe('classify', () => {
  it('applies only the next seq', () => {
    expect(classify(4, 5)).toBe('apply');
    expect(classify(4, 4)).toBe('duplicate');
    expect(classify(4, 1)).toBe('duplicate');
    expect(classify(4, 7)).toBe('gap');
  });
});

describe('receive', () => {
  it('applies events in order', () => {
    const step = receive({ last: 3, held: [] }, [ev(4), ev(5), ev(6)]);
    expect(seqs(step.apply)).toEqual([4, 5, 6]);
    expect(step.state).toEqual({ last: 6, held: [] });
    expect(step.gap).toBeNull();
  });

  it('ignores duplicates and old events', () => {
    const step = receive({ last: 5, held: [] }, [ev(2), ev(5), ev(6), ev(6)]);
    expect(seqs(step.apply)).toEqual([6]);
    expect(step.state.last).toBe(6);
  });

  it('sorts out-of-order arrivals', () => {
    expect(seqs(receive({ last: 0, held: [] }, [ev(3), ev(1), ev(2)]).apply)).toEqual([1, 2, 3]);
  });

  it('holds events past a gap and reports the missing range', () => {
    const step = receive({ last: 2, held: [] }, [ev(3), ev(6), ev(7)]);
    expect(seqs(step.apply)).toEqual([3]);
    expect(seqs(step.state.held)).toEqual([6, 7]);
    expect(step.gap).toEqual({ after: 3, until: 5 });

    const filled = receive(step.state, [ev(4), ev(5)]);
    expect(seqs(filled.apply)).toEqual([4, 5, 6, 7]);
    expect(filled.gap).toBeNull();
    expect(filled.state).toEqual({ last: 7, held: [] });
  });

  it('holds everything until a snapshot says where to start', () => {
    const step = receive(emptyCursor(), [ev(9), ev(11), ev(10)]);
    expect(step.apply).toEqual([]);
    expect(step.gap).toBeNull();
    const started = resetTo(step.state, 9);
    expect(seqs(started.apply)).toEqual([10, 11]);
    expect(started.state.last).toBe(11);
  });

  it('a snapshot newer than the held events drops them', () => {
    const started = resetTo({ last: null, held: [ev(3), ev(4)] }, 10);
    expect(started.apply).toEqual([]);
    expect(started.state).toEqual({ last: 10, held: [] });
  });
});

describe('StreamFollower', () => {
  function setup(fetchMissing: (gap: Gap) => Promise<{ seq: number }[] | null>) {
    const applied: number[] = [];
    const resync = vi.fn();
    const follower = new StreamFollower({ apply: (events) => applied.push(...seqs(events)), fetchMissing, resync });
    return { follower, applied, resync };
  }

  it('fetches a gap once and applies the answer in order', async () => {
    const fetchMissing = vi.fn(async (gap: Gap) => {
      const out = [];
      for (let s = gap.after + 1; s <= gap.until; s++) out.push(ev(s));
      return out;
    });
    const { follower, applied } = setup(fetchMissing);
    follower.reset(1);
    follower.push([ev(2), ev(5)]);
    follower.push([ev(6)]); // while the fetch is in flight: no second fetch
    expect(fetchMissing).toHaveBeenCalledTimes(1);
    expect(fetchMissing).toHaveBeenCalledWith({ after: 2, until: 4 });
    await vi.waitFor(() => expect(applied).toEqual([2, 3, 4, 5, 6]));
    expect(follower.last).toBe(6);
  });

  it('asks for a resync when the range cannot be fetched', async () => {
    const { follower, resync, applied } = setup(async () => null);
    follower.reset(0);
    follower.push([ev(3)]);
    await vi.waitFor(() => expect(resync).toHaveBeenCalledTimes(1));
    expect(applied).toEqual([]);
  });

  it('asks for a resync when the answer does not close the gap', async () => {
    const { follower, resync } = setup(async () => []);
    follower.reset(0);
    follower.push([ev(3)]);
    await vi.waitFor(() => expect(resync).toHaveBeenCalledTimes(1));
  });

  it('drops a fetch answer that arrives after a new snapshot', async () => {
    let answer: (events: { seq: number }[]) => void = () => {};
    const { follower, applied } = setup(() => new Promise((resolve) => (answer = resolve)));
    follower.reset(0);
    follower.push([ev(3)]);
    follower.reset(10);
    answer([ev(1), ev(2)]);
    await Promise.resolve();
    follower.push([ev(11)]);
    expect(applied).toEqual([11]);
  });
});
