/**
 * Step 4, the impact report (`GET /stoppages/{id}/report`): what happened per standard,
 * the referrals out and what they cost, the simulator's prediction beside it when one
 * was attached, the figures per day; the downloads (the report's rows, and — for the
 * roles that call members — the notification list); and, while the stoppage is active,
 * ending it.
 */
import { useState } from 'react';
import { useApi } from '../../api/use-api.ts';
import { Failure, Loading } from '../../components/states.tsx';
import { CsvLink } from '../lists/list-parts.tsx';
import { EndStoppage } from './end-stoppage.tsx';
import { ImpactByDay } from './impact-by-day.tsx';
import { formatCount, formatMoney } from './labels.ts';
import { PredictionTable } from './prediction-table.tsx';
import type { DisruptionRights } from './rights.ts';
import { sumTotals, TotalsTable } from './totals-table.tsx';
import type { ImpactReport, Stoppage } from './types.ts';
import { stoppagePath } from './use-stoppage.ts';

export function ReportStep({
  stoppage,
  rights,
  onChanged,
}: {
  readonly stoppage: Stoppage;
  readonly rights: DisruptionRights;
  readonly onChanged: (stoppage: Stoppage) => void;
}) {
  const [attempt, setAttempt] = useState(0);
  const report = useApi<ImpactReport>(stoppagePath(stoppage.id, '/report'), attempt);
  // Ended here: the section stays, to say how many follow-ups went back.
  const [endedHere, setEndedHere] = useState(false);

  return (
    <>
      {report.state === 'loading' && <Loading what="the impact report" />}
      {report.state === 'error' && (
        <Failure message={report.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {report.state === 'ready' && (
        <ReportFigures report={report.data} stoppage={stoppage} rights={rights} />
      )}
      {rights.end && (stoppage.status === 'active' || endedHere) && (
        <EndStoppage
          stoppage={stoppage}
          onEnded={(ended) => {
            setEndedHere(true);
            onChanged(ended);
            // Follow-ups moved back change what happened: the report is read again.
            setAttempt((n) => n + 1);
          }}
        />
      )}
    </>
  );
}

function ReportFigures({
  report,
  stoppage,
  rights,
}: {
  readonly report: ImpactReport;
  readonly stoppage: Stoppage;
  readonly rights: DisruptionRights;
}) {
  const { byStandard, referrals, prediction, rows } = report;
  const totals = sumTotals(byStandard);
  return (
    <>
      <ul className="impact-tiles" aria-label="The impact in short">
        <li>
          <span className="tile-count">{formatCount(totals.affected)}</span> appointments re-placed
        </li>
        <li>
          <span className="tile-count">{formatCount(totals.metAfter)}</span> of them meet their
          deadline
        </li>
        <li>
          <span className="tile-count">{formatCount(referrals.count)}</span> referred out, costing{' '}
          {formatMoney(referrals.cost)}
        </li>
        <li>
          <span className="tile-count">{formatCount(totals.unplaceable)}</span> unplaceable, waiting
          for a call
        </li>
      </ul>
      <TotalsTable
        label="Impact per standard"
        caption="What happened, per standard"
        rows={byStandard}
        totals={totals}
      />
      <p className="referrals">
        Referrals out: {formatCount(referrals.count)} external{' '}
        {referrals.count === 1 ? 'visit' : 'visits'} at {formatMoney(referrals.visitCost)} a visit,{' '}
        <strong>{formatMoney(referrals.cost)}</strong>.
        {report.movedBack > 0 && (
          <>
            {' '}
            Since the stoppage ended, {formatCount(report.movedBack)}{' '}
            {report.movedBack === 1 ? 'follow-up went' : 'follow-ups went'} back to their own
            clinician.
          </>
        )}
      </p>
      {prediction !== null && <PredictionTable report={report} prediction={prediction} />}
      <ImpactByDay rows={rows} />
      <div className="downloads">
        <CsvLink
          href={`${stoppagePath(stoppage.id, '/report')}?format=csv`}
          what="the impact report"
        />
        {rights.notifications && (
          <CsvLink
            href={`${stoppagePath(stoppage.id, '/notifications')}?format=csv`}
            what="the notification list"
          />
        )}
      </div>
    </>
  );
}
