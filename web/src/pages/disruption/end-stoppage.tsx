/**
 * Ending an active stoppage (`POST /stoppages/{id}/end`): the clinicians' time off from
 * now on is removed, so their templates open again; optionally, follow-ups the plan gave
 * to another clinician go back to their own where the engine finds a slot inside the
 * deadline. Asked in a dialog first; the answer says how many could and did go back.
 */
import { useState } from 'react';
import { ApiError, callApi } from '../../api/client.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { formatCount } from './labels.ts';
import type { EndResult, Stoppage } from './types.ts';
import { stoppagePath } from './use-stoppage.ts';

export function EndStoppage({
  stoppage,
  onEnded,
}: {
  readonly stoppage: Stoppage;
  readonly onEnded: (stoppage: Stoppage) => void;
}) {
  const [moveBack, setMoveBack] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<EndResult | null>(null);

  async function end() {
    setBusy(true);
    setError(null);
    try {
      const answer = await callApi<EndResult>(stoppagePath(stoppage.id, '/end'), {
        method: 'POST',
        body: { moveBack },
      });
      setResult(answer);
      setConfirming(false);
      onEnded(answer.stoppage);
    } catch (failure) {
      setConfirming(false);
      setError(failure instanceof ApiError ? failure.message : 'The stoppage could not end.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="end-heading">
      <h3 id="end-heading">End the stoppage</h3>
      <p role="status">
        {result !== null &&
          `Ended. ${
            result.moveBack.candidates === 0
              ? 'No follow-up was waiting to go back to its own clinician.'
              : `${formatCount(result.moveBack.moved)} of ${formatCount(result.moveBack.candidates)} follow-ups went back to their own clinician.`
          }`}
      </p>
      {error && (
        <div className="state state-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      {stoppage.status === 'active' && (
        <>
          <label className="choice">
            <input
              type="checkbox"
              checked={moveBack}
              onChange={(event) => setMoveBack(event.target.checked)}
            />
            Move follow-ups back to their own clinician where the deadline still holds
          </label>
          <div className="actions">
            <button type="button" onClick={() => setConfirming(true)}>
              End stoppage…
            </button>
          </div>
          <ConfirmDialog
            open={confirming}
            title="End the stoppage now?"
            confirmLabel="End stoppage"
            busy={busy}
            onConfirm={() => void end()}
            onCancel={() => setConfirming(false)}
          >
            <p>
              The {formatCount(stoppage.clinicians.participating)} clinicians’ time off from now on
              is removed and their schedules open again.
              {moveBack
                ? ' Follow-ups moved to another clinician go back to their own where a slot meets the deadline.'
                : ' Appointments the plan moved stay where they are.'}
            </p>
          </ConfirmDialog>
        </>
      )}
    </section>
  );
}
