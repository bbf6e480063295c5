import { describe, expect, it } from 'vitest';
import { FreshRead } from './fresh-read.ts';

/** A read whose runs the test finishes by hand, numbered in the order they start. */
function manualReads() {
  const pending: ((value: number) => void)[] = [];
  const failing: ((error: Error) => void)[] = [];
  let started = 0;
  const reads = new FreshRead<number>(
    () =>
      new Promise<number>((resolve, reject) => {
        const n = ++started;
        pending.push(() => resolve(n));
        failing.push(reject);
      }),
  );
  return {
    reads,
    started: () => started,
    finish: (k: number) => pending[k - 1]!(k),
    fail: (k: number) => failing[k - 1]!(new Error(`read ${k} failed`)),
  };
}

describe('a fresh read', () => {
  it('starts at once when nothing runs', async () => {
    const m = manualReads();
    const first = m.reads.next();
    expect(m.started()).toBe(1);
    m.finish(1);
    expect(await first).toBe(1);
  });

  it('serves a call made during a read with the next read, shared by every such call', async () => {
    const m = manualReads();
    const first = m.reads.next();
    const second = m.reads.next();
    const third = m.reads.next();
    expect(m.started()).toBe(1); // one read at a time
    m.finish(1);
    expect(await first).toBe(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(m.started()).toBe(2); // the next one began when the first ended
    m.finish(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
  });

  it('goes on after a failed read: the calls waiting get the next one', async () => {
    const m = manualReads();
    const first = m.reads.next();
    const second = m.reads.next();
    m.fail(1);
    await expect(first).rejects.toThrow('read 1 failed');
    await new Promise((resolve) => setTimeout(resolve, 0));
    m.finish(2);
    expect(await second).toBe(2);
    const third = m.reads.next();
    expect(m.started()).toBe(3);
    m.finish(3);
    expect(await third).toBe(3);
  });
});
