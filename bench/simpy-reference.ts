/**
 * The reduced queue model in SimPy 2.3 (bench/simpy/daily_queue.py), run by Debian's
 * python3 with python3-simpy: the reference the simulator benchmark is measured against.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: python3-simpy installs into its dist-packages, not a pyenv's. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const SCRIPT = fileURLToPath(new URL('./simpy/daily_queue.py', import.meta.url));

export interface SimpyQueueParameters {
  readonly lambda: number;
  readonly c: number;
  readonly days: number;
  readonly seed: number;
}

export interface SimpyQueueFigures {
  readonly requests: number;
  /** Time inside the SimPy simulation (the interpreter's start-up not counted). */
  readonly seconds: number;
  readonly secondsPerRequest: number;
  readonly meanWaitDays: number;
}

export function runSimpyReference(parameters: SimpyQueueParameters): SimpyQueueFigures {
  const { lambda, c, days, seed } = parameters;
  const child = spawnSync(PYTHON, [SCRIPT, String(lambda), String(c), String(days), String(seed)], {
    encoding: 'utf8',
  });
  if (child.error !== undefined || child.status !== 0) {
    const why = child.error?.message ?? child.stderr.trim().split('\n').pop() ?? '';
    throw new Error(
      `the SimPy reference did not run (${why}): install it with apt-get install python3-simpy`,
    );
  }
  const figures = JSON.parse(child.stdout) as Omit<SimpyQueueFigures, 'secondsPerRequest'>;
  return { ...figures, secondsPerRequest: figures.seconds / figures.requests };
}
