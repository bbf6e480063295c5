/**
 * What the page and the simulation worker say to each other. One worker runs one
 * scenario and is then dropped: cancelling is `worker.terminate()`, which stops the
 * engine mid-day (it never yields, so a "please stop" message would wait for the end).
 */
import type { SimulationResult } from '../../../../src/engine/simulation/result.ts';
import type { Scenario } from '../../../../src/engine/simulation/scenario.ts';

export interface RunRequest {
  readonly type: 'run';
  readonly scenario: Scenario;
  readonly seed: number;
}

export type WorkerReport =
  /** `day` of `days` simulated (warm-up included); day 0: the network is being built. */
  | { readonly type: 'progress'; readonly day: number; readonly days: number }
  | { readonly type: 'done'; readonly result: SimulationResult }
  /** A sentence for the page; never a stack trace. */
  | { readonly type: 'failed'; readonly message: string };
