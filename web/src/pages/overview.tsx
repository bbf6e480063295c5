/**
 * The access overview: how timely access is, for a compliance officer's morning look —
 * this week's compliance per standard, who is waiting now (and at risk or past their
 * deadline), how long members wait for a first appointment, what became of each week's
 * requests, and compliance by medical center or discipline week by week. One standard
 * (or all) is chosen for the whole page; every chart has its numbers one click away.
 */
import { useState } from 'react';
import type { ComplianceByGroup, RequestsByWeek, WaitTimes } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { ComplianceGridCard, type GroupBy } from './overview/compliance-grid-card.tsx';
import { ThisWeekTiles } from './overview/this-week-tiles.tsx';
import { WaitTimesCard } from './overview/wait-times-card.tsx';
import { WaitingNowCard } from './overview/waiting-now-card.tsx';
import { WeeklyOutcomesCard } from './overview/weekly-outcomes-card.tsx';
import './overview/overview.css';
import { STANDARD_IDS, standardName } from './standards.ts';

const WEEKS = 13;

export function OverviewPage() {
  const [standard, setStandard] = useState<string>('');
  const [by, setBy] = useState<GroupBy>('center');
  const [attempts, setAttempts] = useState({ weekly: 0, centers: 0, disciplines: 0, waits: 0 });
  const retry = (key: keyof typeof attempts) => () =>
    setAttempts((all) => ({ ...all, [key]: all[key] + 1 }));

  const weekly = useApi<RequestsByWeek>(`/access/requests-by-week?weeks=${WEEKS}`, attempts.weekly);
  const centers = useApi<ComplianceByGroup>(
    `/access/compliance?by=center&weeks=${WEEKS}`,
    attempts.centers,
  );
  // Asked for only once the grid is switched to disciplines.
  const disciplines = useApi<ComplianceByGroup>(
    by === 'discipline' ? `/access/compliance?by=discipline&weeks=${WEEKS}` : null,
    attempts.disciplines,
  );
  const waits = useApi<WaitTimes>(`/access/wait-times?weeks=${WEEKS}`, attempts.waits);
  const chosen = standard || null;
  const asOf = weekly.state === 'ready' ? weekly.data : null;

  return (
    <section className="overview">
      <h1 tabIndex={-1}>Access overview</h1>
      <p className="lede">
        Requests of the last {WEEKS} weeks by the week their clock started, judged against their
        legal deadline; and the requests waiting now.
      </p>
      <div className="toolbar overview-filter">
        <label>
          Standard
          <select value={standard} onChange={(event) => setStandard(event.target.value)}>
            <option value="">All standards</option>
            {STANDARD_IDS.map((id) => (
              <option key={id} value={id}>
                {standardName(id)}
              </option>
            ))}
          </select>
        </label>
        <p className="footnote">Applies to every chart below but this week's tiles.</p>
      </div>

      <ThisWeekTiles answer={centers} onRetry={retry('centers')} />

      <div className="overview-pair">
        <WaitingNowCard standard={chosen} />
        <WaitTimesCard answer={waits} standard={chosen} onRetry={retry('waits')} />
      </div>

      <WeeklyOutcomesCard
        answer={weekly}
        weeks={WEEKS}
        standard={chosen}
        onRetry={retry('weekly')}
      />

      <ComplianceGridCard
        answer={by === 'center' ? centers : disciplines}
        by={by}
        onBy={setBy}
        standard={chosen}
        onRetry={retry(by === 'center' ? 'centers' : 'disciplines')}
      />

      {asOf && (
        <p className="footnote">
          As of {new Date(asOf.asOf).toLocaleString('en-US', { timeZone: asOf.timeZone })} (
          {asOf.timeZone}). Weeks start on Monday. Cancelled requests are not counted. Compliance is
          the share of judged requests (met, referred out or missed) that got an in-network
          appointment by the deadline.
        </p>
      )}
    </section>
  );
}
