// A worker thread of run-scenarios.ts: runs the simulations it is sent, one at a time,
// and posts progress (each simulated day) and the result. The sources are TypeScript and
// a worker does not inherit the loader of the thread that started it, so it registers
// tsx itself, as bin/timely.mjs does. Messages: see WorkerMessage in run-scenarios.ts.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { simulate } = await import('../engine/simulation/simulate.ts');
const { isTimelyError } = await import('../engine/errors.ts');

// Messages sent before this listener existed are queued on the port, not lost.
parentPort.on('message', ({ index, scenario, seed }) => {
  try {
    const result = simulate(scenario, {
      seed,
      onDay: (day) => parentPort.postMessage({ kind: 'progress', index, day }),
    });
    // The histograms' buffers are moved, not copied: this thread is done with them.
    const buffers = new Set(Object.values(result.waitHistogram).map((h) => h.buffer));
    parentPort.postMessage({ kind: 'result', index, result }, [...buffers]);
  } catch (error) {
    // Error objects lose their class when cloned; the domain code and path are kept.
    const timely = isTimelyError(error);
    parentPort.postMessage({
      kind: 'error',
      index,
      message: error instanceof Error ? error.message : String(error),
      code: timely ? error.code : undefined,
      path: timely ? error.path : undefined,
    });
  }
});
