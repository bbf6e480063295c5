/**
 * The simulator's Web Worker: runs one scenario through the engine (pure TypeScript, the
 * same code as `timely simulate`) off the page's thread, so a year of 2,400 clinicians
 * (tens of seconds) never freezes the page, and reports its progress as it goes.
 *
 * Loaded as a module worker from the app's own origin (`/assets/…`), which the server's
 * Content-Security-Policy allows (script-src 'self'; no blob: URL is needed).
 */
// First: zod's settings must be in place before the engine's schemas are built.
import './zod-jitless.ts';
import { scenarioSchema } from '../../../../src/engine/simulation/scenario.ts';
import { simulate } from '../../../../src/engine/simulation/simulate.ts';
import type { RunRequest, WorkerReport } from './worker-protocol.ts';

/** The part of a dedicated worker's global scope used here (the DOM lib types `self` as a window). */
interface WorkerScope {
  postMessage(report: WorkerReport): void;
  onmessage: ((event: MessageEvent<RunRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

/**
 * Progress at most this often: a short run simulates hundreds of days a second, and a
 * message a day would only make the page re-render for nothing.
 */
const PROGRESS_EVERY_MS = 50;

scope.onmessage = (event) => {
  const request = event.data;
  if (request?.type !== 'run') return;
  // The page validated the scenario; check again what crossed the boundary, so the
  // engine only ever sees a scenario the schema accepts.
  const checked = scenarioSchema.safeParse(request.scenario);
  if (!checked.success) {
    scope.postMessage({
      type: 'failed',
      message: 'The scenario is not valid; check it and run again.',
    });
    return;
  }
  scope.postMessage({
    type: 'progress',
    day: 0,
    days: checked.data.warmupDays + checked.data.days,
  });
  let last = 0;
  try {
    const result = simulate(checked.data, {
      seed: request.seed,
      onDay: (day, days) => {
        const now = performance.now();
        if (day < days && now - last < PROGRESS_EVERY_MS) return;
        last = now;
        scope.postMessage({ type: 'progress', day, days });
      },
    });
    scope.postMessage({ type: 'done', result });
  } catch (error) {
    // The engine's errors are sentences about the input (TimelyError); anything else is
    // a bug, shown as a fixed sentence — the page never shows a stack trace.
    const message =
      error instanceof Error && error.name === 'TimelyError'
        ? error.message
        : 'The simulation stopped on an unexpected error.';
    scope.postMessage({ type: 'failed', message });
  }
};
