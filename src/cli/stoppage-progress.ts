/**
 * The bar `timely stoppage execute` draws on stderr while the plan's entries are applied,
 * one terminal line redrawn in place with `\r` and cleared at the end, so stdout keeps
 * only the final counts. The caller draws it only when stderr is a terminal.
 *
 * simulate.ts has its own bar (with an ETA over replications, and "simulating" in its
 * line); this one counts plan entries, which the service reports batch by batch.
 */
import type { ExecutionProgress } from '../disruption/model.ts';
import type { Sink } from './io.ts';

/** Redraws are spaced so as not to flood a slow terminal. */
const REDRAW_MS = 100;
const BAR_WIDTH = 30;

export function isTerminal(sink: Sink): boolean {
  return (sink as { isTTY?: unknown }).isTTY === true;
}

export class ExecutionBar {
  private readonly began: number;
  private drawnAt = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly sink: Sink,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.began = now();
  }

  update(progress: ExecutionProgress): void {
    const at = this.now();
    const last = progress.applied >= progress.entries;
    if (!last && at - this.drawnAt < REDRAW_MS) return;
    this.drawnAt = at;
    this.drawn = true;
    // \x1b[K clears what a longer previous line left to the right.
    this.sink.write(
      `\r${executionProgressLine(progress.applied, progress.entries, at - this.began)}\x1b[K`,
    );
  }

  finish(): void {
    if (this.drawn) this.sink.write('\r\x1b[K');
  }
}

/** e.g. "executing [#########.....................]  30%  1,200/4,000 entries  0:12". */
export function executionProgressLine(applied: number, entries: number, elapsedMs: number): string {
  const share = entries > 0 ? Math.min(1, applied / entries) : 1;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  const counts = `${applied.toLocaleString('en-US')}/${entries.toLocaleString('en-US')} entries`;
  return `executing [${bar}] ${percent}  ${counts}  ${clock(elapsedMs)}`;
}

/** m:ss */
function clock(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
