/**
 * `useSimulation()`: runs one scenario at a time in a Web Worker and follows it — the
 * day reached, the time taken, then finished, cancelled or failed. A fresh worker per
 * run: cancelling terminates it (the engine never pauses to read a message), and
 * leaving the page terminates it too, so no run goes on unseen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SimulationResult } from '../../../../src/engine/simulation/result.ts';
import type { Scenario } from '../../../../src/engine/simulation/scenario.ts';
import type { RunRequest, WorkerReport } from './worker-protocol.ts';

export type RunnerState =
  | { readonly status: 'idle' }
  | {
      readonly status: 'running';
      readonly label: string;
      /** Days done (0 while the network is built) of `days`. */
      readonly day: number;
      readonly days: number;
      readonly seconds: number;
    }
  | { readonly status: 'finished'; readonly label: string; readonly seconds: number }
  | {
      readonly status: 'cancelled';
      readonly label: string;
      readonly day: number;
      readonly days: number;
    }
  | { readonly status: 'failed'; readonly label: string; readonly message: string };

export interface Simulation {
  readonly state: RunnerState;
  /** Starts a run unless one is going; `onDone` gets its result. */
  start(
    scenario: Scenario,
    seed: number,
    label: string,
    onDone: (result: SimulationResult) => void,
  ): void;
  cancel(): void;
}

export function useSimulation(): Simulation {
  const [state, setState] = useState<RunnerState>({ status: 'idle' });
  const worker = useRef<Worker | null>(null);
  const current = useRef<RunnerState>(state);
  const update = useCallback((next: RunnerState) => {
    current.current = next;
    setState(next);
  }, []);

  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
  }, []);

  useEffect(() => stop, [stop]);

  const start = useCallback<Simulation['start']>(
    (scenario, seed, label, onDone) => {
      if (worker.current !== null) return;
      const began = performance.now();
      const elapsed = () => (performance.now() - began) / 1000;
      const days = scenario.warmupDays + scenario.days;
      // The URL form lets Vite find the worker and build it as a chunk of its own, which
      // holds the engine; the page's chunks do not.
      const running = new Worker(new URL('./simulation.worker.ts', import.meta.url), {
        type: 'module',
        name: 'simulation',
      });
      worker.current = running;
      update({ status: 'running', label, day: 0, days, seconds: 0 });

      const fail = (message: string) => {
        stop();
        update({ status: 'failed', label, message });
      };
      running.onmessage = (event: MessageEvent<WorkerReport>) => {
        if (worker.current !== running) return;
        const report = event.data;
        if (report.type === 'progress') {
          update({
            status: 'running',
            label,
            day: report.day,
            days: report.days,
            seconds: elapsed(),
          });
        } else if (report.type === 'done') {
          stop();
          update({ status: 'finished', label, seconds: elapsed() });
          onDone(report.result);
        } else {
          fail(report.message);
        }
      };
      running.onerror = (event) => {
        // The script could not load, or threw outside the engine's try: a sentence only.
        event.preventDefault();
        if (worker.current === running) fail('The simulation could not run in this browser.');
      };
      running.onmessageerror = () => {
        if (worker.current === running)
          fail('The simulation sent back a result the page cannot read.');
      };
      const request: RunRequest = { type: 'run', scenario, seed };
      running.postMessage(request);
    },
    [stop, update],
  );

  const cancel = useCallback(() => {
    const now = current.current;
    if (now.status !== 'running') return;
    stop();
    update({ status: 'cancelled', label: now.label, day: now.day, days: now.days });
  }, [stop, update]);

  return { state, start, cancel };
}
