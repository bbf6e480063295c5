/**
 * Where the current run is: a progress bar with the day reached, the time taken and an
 * estimate of the time left; then how it ended. The ending is announced (a live region
 * present from the start, so the change is read out); the bar is not, or a screen reader
 * would read every tick.
 */
import { useId } from 'react';
import type { RunnerState } from './use-simulation.ts';

const COUNT = new Intl.NumberFormat('en-US');

function seconds(value: number): string {
  return value < 10 ? `${value.toFixed(1)} s` : `${Math.round(value)} s`;
}

export function RunStatus({ state }: { readonly state: RunnerState }) {
  const id = useId();
  return (
    <div className="run-status">
      {state.status === 'running' && (
        <div className="run-progress">
          <label htmlFor={`${id}-progress`}>Running {state.label}</label>
          {/* No value while the network is built: an indeterminate bar, not a stuck 0%. */}
          {state.day === 0 ? (
            <progress id={`${id}-progress`} />
          ) : (
            <progress id={`${id}-progress`} max={state.days} value={state.day} />
          )}
          <p className="muted">{progressText(state.day, state.days, state.seconds)}</p>
        </div>
      )}
      <p role="status" className="run-outcome">
        {state.status === 'finished' && `Finished ${state.label} in ${seconds(state.seconds)}.`}
        {state.status === 'cancelled' &&
          `Cancelled ${state.label} at day ${COUNT.format(state.day)} of ${COUNT.format(state.days)}. Nothing was kept from it.`}
      </p>
      {state.status === 'failed' && (
        <div className="state state-error" role="alert">
          <p>
            <strong>{state.label} did not finish.</strong> {state.message}
          </p>
        </div>
      )}
    </div>
  );
}

function progressText(day: number, days: number, elapsed: number): string {
  if (day === 0) return `Building the network… ${seconds(elapsed)}`;
  const share = day / days;
  const done = `Day ${COUNT.format(day)} of ${COUNT.format(days)} · ${seconds(elapsed)}`;
  // Too early a guess swings wildly (the first days run while the code warms up).
  if (share < 0.05 || day === days) return done;
  const left = (elapsed / share) * (1 - share);
  return `${done} · about ${seconds(left)} left`;
}
