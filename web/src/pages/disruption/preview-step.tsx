/**
 * Step 2, the plan: computing it (`POST /stoppages/{id}/preview`, drafts only), its
 * totals per standard, its entries, and — for the roles that may — executing it after a
 * confirmation that says how many appointments change (`POST /stoppages/{id}/execute`).
 *
 * The summary comes with the preview's answer; opened later (a reload, a shared link),
 * the step reads the same totals from the stored plan through the report.
 */
import { useState } from 'react';
import { ApiError, callApi } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { Failure, Loading } from '../../components/states.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { formatCount } from './labels.ts';
import { PlanEntries } from './plan-entries.tsx';
import type { DisruptionRights } from './rights.ts';
import { sumTotals, TotalsTable } from './totals-table.tsx';
import type { ImpactReport, PlanSummary, StandardTotals, Stoppage, Totals } from './types.ts';
import { stoppagePath } from './use-stoppage.ts';

interface Figures {
  readonly byStandard: readonly StandardTotals[];
  readonly totals: Totals;
}

export function PreviewStep({
  stoppage,
  rights,
  names,
  onChanged,
  onExecuted,
}: {
  readonly stoppage: Stoppage;
  readonly rights: DisruptionRights;
  readonly names: ReadonlyMap<string, string>;
  /** The stoppage changed (previewed): read it again. */
  readonly onChanged: () => void;
  readonly onExecuted: () => void;
}) {
  const draft = stoppage.status === 'draft';
  const previewed = stoppage.previewedAt !== null || !draft;
  const [computed, setComputed] = useState<PlanSummary | null>(null);
  const [computing, setComputing] = useState(false);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [executing, setExecuting] = useState(false);
  // Without this session's preview answer, the stored plan's totals (through the report).
  const stored = useApi<ImpactReport>(
    computed === null && previewed ? stoppagePath(stoppage.id, '/report') : null,
  );
  const figures: Figures | null =
    computed ??
    (stored.state === 'ready'
      ? { byStandard: stored.data.byStandard, totals: sumTotals(stored.data.byStandard) }
      : null);

  async function compute() {
    setComputing(true);
    setError(null);
    try {
      const summary = await callApi<PlanSummary>(stoppagePath(stoppage.id, '/preview'), {
        method: 'POST',
      });
      setComputed(summary);
      setVersion((n) => n + 1);
      onChanged();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'The plan could not be computed.');
    } finally {
      setComputing(false);
    }
  }

  async function execute() {
    setExecuting(true);
    setError(null);
    try {
      await callApi(stoppagePath(stoppage.id, '/execute'), { method: 'POST' });
      setConfirming(false);
      onExecuted();
    } catch (failure) {
      setConfirming(false);
      setError(failure instanceof ApiError ? failure.message : 'The plan could not be executed.');
    } finally {
      setExecuting(false);
    }
  }

  const changes = figures?.totals.affected ?? 0;
  return (
    <>
      {draft && rights.preview && (
        <div className="toolbar">
          <button type="button" onClick={() => void compute()} disabled={computing}>
            {computing
              ? 'Computing the plan…'
              : previewed
                ? 'Compute the plan again'
                : 'Compute the plan'}
          </button>
          <span className="footnote">
            The booking engine re-places every appointment of the clinicians who stop work, on the
            books as they are now. Nothing changes until the plan is executed.
          </span>
        </div>
      )}
      <p role="status" className="step-status">
        {computed !== null &&
          `Plan computed in ${(computed.ms / 1000).toFixed(1)} s: ${formatCount(computed.totals.affected)} appointments to re-place, ${formatCount(computed.totals.kept)} kept.`}
      </p>
      {error && (
        <div className="state state-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      {!previewed && computed === null && (
        <p className="state">The plan has not been computed yet.</p>
      )}
      {previewed && computed === null && stored.state === 'loading' && (
        <Loading what="the plan’s totals" />
      )}
      {computed === null && stored.state === 'error' && <Failure message={stored.message} />}
      {figures !== null && (
        <>
          <TotalsTable
            label="Plan totals"
            caption={draft ? 'What the plan does, per standard' : 'What the plan did, per standard'}
            rows={figures.byStandard}
            totals={figures.totals}
          />
          <PlanEntries stoppageId={stoppage.id} names={names} version={version} />
        </>
      )}
      {draft && rights.execute && figures !== null && (
        <div className="actions">
          <button type="button" onClick={() => setConfirming(true)}>
            Execute the plan…
          </button>
        </div>
      )}
      {draft && rights.execute && figures !== null && (
        <ConfirmDialog
          open={confirming}
          title="Execute the plan?"
          confirmLabel={`Change ${formatCount(changes)} appointments`}
          busy={executing}
          onConfirm={() => void execute()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            <strong>
              {formatCount(changes)} {changes === 1 ? 'appointment' : 'appointments'} will change
            </strong>
            : {formatCount(figures.totals.movedSameClinician)} moved to after the stoppage with the
            same clinician, {formatCount(figures.totals.movedOtherClinician)} moved to another
            clinician, {formatCount(figures.totals.referredOut)} referred to an outside provider and{' '}
            {formatCount(figures.totals.unplaceable)} left waiting for a scheduler’s call.{' '}
            {formatCount(figures.totals.kept)} stay as booked.
          </p>
          <p>
            The {formatCount(stoppage.clinicians.participating)} clinicians who stop work get their
            time off, so nothing new is booked into it. The notification list then names the members
            to tell.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
