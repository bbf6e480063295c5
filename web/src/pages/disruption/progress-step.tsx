/**
 * Step 3, the execution: `GET /stoppages/{id}/execution` read every half second while
 * the stoppage is `executing`, as a progress bar of the entries applied, until it is
 * `active`. The bar is not a live region (a screen reader would read every tick); the
 * ending is, in a status line present from the start.
 *
 * `executing` is also an execution cut off (a restart of the server): when the server
 * says it is not running it, or the count has not moved for a while, the roles that may
 * execute are offered to resume it — each entry is applied once, so resuming never books
 * anybody twice (docs/disruption.md).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, callApi } from '../../api/client.ts';
import { formatCount } from './labels.ts';
import type { DisruptionRights } from './rights.ts';
import type { ExecutionState, Stoppage } from './types.ts';
import { stoppagePath } from './use-stoppage.ts';

const POLL_MS = 500;
/** No entry applied for this long: the execution may have been cut off. */
const STALLED_MS = 10_000;

export function ProgressStep({
  stoppage,
  rights,
  onFinished,
  onReport,
}: {
  readonly stoppage: Stoppage;
  readonly rights: DisruptionRights;
  /** The execution is over: the stoppage is read again. */
  readonly onFinished: () => void;
  readonly onReport: () => void;
}) {
  const id = useId();
  const [progress, setProgress] = useState<ExecutionState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stalled, setStalled] = useState(false);
  const [resumes, setResumes] = useState(0);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a resume starts the polling again
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastApplied = -1;
    let movedAt = Date.now();
    const poll = async () => {
      try {
        const now = await callApi<ExecutionState>(stoppagePath(stoppage.id, '/execution'), {
          signal: controller.signal,
        });
        setProgress(now);
        setError(null);
        if (now.applied !== lastApplied) {
          lastApplied = now.applied;
          movedAt = Date.now();
        }
        // Not running in this server (a restart cut it off), or running without moving.
        setStalled(!now.running || Date.now() - movedAt > STALLED_MS);
        if (now.status !== 'executing') {
          finished.current();
          return;
        }
      } catch (failure) {
        if (controller.signal.aborted) return;
        // A lost answer is not the end of the execution: keep asking.
        setError(failure instanceof ApiError ? failure.message : 'The progress could not be read.');
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [stoppage.id, resumes]);

  async function resume() {
    setStalled(false);
    try {
      await callApi(stoppagePath(stoppage.id, '/execute'), { method: 'POST' });
      setResumes((n) => n + 1);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'The execution could not resume.');
    }
  }

  const done = progress !== null && progress.status !== 'executing';
  const entries = progress?.entries ?? stoppage.plan.entries;
  const applied = progress?.applied ?? stoppage.plan.applied;
  return (
    <>
      <div className="run-progress">
        <label htmlFor={`${id}-bar`}>Entries of the plan applied</label>
        <progress id={`${id}-bar`} max={Math.max(entries, 1)} value={applied} />
        <p>
          {formatCount(applied)} of {formatCount(entries)} applied
          {progress !== null && progress.replanned > 0
            ? ` · ${formatCount(progress.replanned)} placed again (their slot was taken meanwhile)`
            : ''}
          {progress !== null ? ` · ${(progress.ms / 1000).toFixed(1)} s` : ''}
        </p>
      </div>
      <p role="status" className="step-status">
        {done &&
          `Executed: ${formatCount(applied)} of ${formatCount(entries)} entries applied. The stoppage is ${progress.status}.`}
      </p>
      {error && (
        <div className="state state-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      {stalled && !done && rights.execute && (
        <div className="notice">
          <p>
            The execution is not moving: it may have been cut off. Resuming applies the entries not
            yet applied, and none twice.
          </p>
          <button type="button" onClick={() => void resume()}>
            Resume the execution
          </button>
        </div>
      )}
      {done && (
        <div className="actions">
          <button type="button" onClick={onReport}>
            See the impact report
          </button>
        </div>
      )}
    </>
  );
}
