/**
 * A read that started after the call did, shared. Caches kept current from the database
 * (the booking engine's change log, the access stamp of token rows) must answer "as of
 * now": a call may not be served by a read that began before it, which could miss what
 * committed just before the call. One read runs at a time; the calls that arrive while
 * it runs all wait for the next one, which starts when it ends — under load, one query
 * for many calls.
 */
export class FreshRead<T> {
  private running: Promise<T> | null = null;
  private queued: Promise<T> | null = null;

  constructor(private readonly read: () => Promise<T>) {}

  /** The result of a read that starts after this call (now, or when the running one ends). */
  next(): Promise<T> {
    if (this.queued) return this.queued;
    if (this.running === null) return this.start();
    this.queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<T> {
    const run = this.read().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }
}
