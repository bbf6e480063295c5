/**
 * The access overview: how timely access is, for a compliance officer's morning look —
 * this week's compliance per standard, who is waiting now (and at risk or past their
 * deadline), how long members wait for a first appointment, what became of each week's
 * requests, whether follow-ups stay with the member's own clinician, and compliance by
 * medical center, discipline, language or request type week by week. One standard (or
 * all) is chosen for the whole page; every chart has its numbers one click away.
 *
 * `/app/overview?center=<id>` is one medical center's drill-down: the same cards, every
 * figure narrowed to the requests of that center's members, the grid broken down inside
 * it, and a way back to the whole network. The center lives in the address, so a
 * drill-down can be bookmarked, shared and left with the back button.
 */
import { useRef, useState } from 'react';
import type {
  Center,
  ComplianceByGroup,
  ComplianceGrouping,
  OpenRequests,
  RequestsByWeek,
  WaitTimes,
} from '../api/types.ts';
import { type Loadable, useApi } from '../api/use-api.ts';
import { navigate, useLocation } from '../app/router.ts';
import { CenterSelect } from '../components/center-select.tsx';
import { Link } from '../components/link.tsx';
import { ComplianceGridCard } from './overview/compliance-grid-card.tsx';
import { ContinuityCard } from './overview/continuity-card.tsx';
import { OVERVIEW_PATH, overviewPath } from './overview/format.ts';
import { HotlineCard } from './overview/hotline-card.tsx';
import { ProviderSurveyCard } from './overview/provider-survey-card.tsx';
import { ThisWeekTiles } from './overview/this-week-tiles.tsx';
import { UtilisationCard } from './overview/utilisation-card.tsx';
import { WaitTimesCard } from './overview/wait-times-card.tsx';
import { WaitingNowCard } from './overview/waiting-now-card.tsx';
import { WeeklyOutcomesCard } from './overview/weekly-outcomes-card.tsx';
import './overview/overview.css';
import { STANDARD_IDS, standardName } from './standards.ts';

const WEEKS = 13;

export function OverviewPage() {
  const { search } = useLocation();
  const center = new URLSearchParams(search).get('center') || null;
  const [standard, setStandard] = useState<string>('');
  const [by, setBy] = useState<ComplianceGrouping>('center');
  const [atRiskDays, setAtRiskDays] = useState(2);
  const [openAttempt, setOpenAttempt] = useState(0);
  // Who waits now is counted per center for every center at once, so one answer serves
  // the network and each drill-down; its list of every center names the picker's choices.
  const open = useApi<OpenRequests>(`/access/open-requests?atRiskDays=${atRiskDays}`, openAttempt);
  const centers = useCenters(open);
  const centerName = center === null ? null : (centers?.find((c) => c.id === center)?.name ?? null);
  const unknownCenter = center !== null && centers !== null && centerName === null;

  return (
    <section className="overview">
      {center !== null && (
        <p className="breadcrumb">
          <Link to={OVERVIEW_PATH}>Whole network</Link>
          <span aria-hidden="true"> › </span>
        </p>
      )}
      <h1 tabIndex={-1}>
        Access overview
        {center !== null && <span className="h1-place">: {centerName ?? center}</span>}
      </h1>
      <p className="lede">
        Requests {center === null ? '' : `of ${centerName ?? 'this center'}'s members `}of the last{' '}
        {WEEKS} weeks by the week their clock started, judged against their legal deadline; and the
        requests waiting now.
      </p>
      {unknownCenter && (
        <p className="state state-error" role="alert">
          No medical center has the id “{center}”: nothing below is about a real center.{' '}
          <Link to={OVERVIEW_PATH}>Back to the whole network</Link>
        </p>
      )}
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
        <CenterSelect
          centers={pickerChoices(centers, center)}
          value={center ?? ''}
          onChange={(id) => navigate(overviewPath(id || null))}
          allLabel="Whole network"
        />
        <p className="footnote">The standard applies to every chart below but this week's tiles.</p>
      </div>

      {/* A new center is a new page: its cards start from "loading", never from the last
          center's figures. */}
      <OverviewCards
        key={center ?? ''}
        center={center}
        centerName={centerName}
        standard={standard || null}
        by={by}
        onBy={setBy}
        open={open}
        atRiskDays={atRiskDays}
        onAtRiskDays={setAtRiskDays}
        onRetryOpen={() => setOpenAttempt((n) => n + 1)}
      />
    </section>
  );
}

function OverviewCards({
  center,
  centerName,
  standard,
  by,
  onBy,
  open,
  atRiskDays,
  onAtRiskDays,
  onRetryOpen,
}: {
  readonly center: string | null;
  readonly centerName: string | null;
  readonly standard: string | null;
  readonly by: ComplianceGrouping;
  readonly onBy: (by: ComplianceGrouping) => void;
  readonly open: Loadable<OpenRequests>;
  readonly atRiskDays: number;
  readonly onAtRiskDays: (days: number) => void;
  readonly onRetryOpen: () => void;
}) {
  const [attempts, setAttempts] = useState({ weekly: 0, compliance: 0, grid: 0, waits: 0 });
  const retry = (key: keyof typeof attempts) => () =>
    setAttempts((all) => ({ ...all, [key]: all[key] + 1 }));
  const scope = `weeks=${WEEKS}${center === null ? '' : `&center=${encodeURIComponent(center)}`}`;
  // Inside one center there is nothing to break down by center: disciplines instead.
  const first: ComplianceGrouping = center === null ? 'center' : 'discipline';
  const grouping = center !== null && by === 'center' ? first : by;

  const weekly = useApi<RequestsByWeek>(`/access/requests-by-week?${scope}`, attempts.weekly);
  // The tiles, the continuity card and the grid's first grouping share one answer.
  const compliance = useApi<ComplianceByGroup>(
    `/access/compliance?by=${first}&${scope}`,
    attempts.compliance,
  );
  // Asked for only once the grid is switched to another grouping.
  const other = useApi<ComplianceByGroup>(
    grouping === first ? null : `/access/compliance?by=${grouping}&${scope}`,
    attempts.grid,
  );
  const waits = useApi<WaitTimes>(`/access/wait-times?${scope}`, attempts.waits);
  const asOf = weekly.state === 'ready' ? weekly.data : null;

  return (
    <>
      <ThisWeekTiles answer={compliance} onRetry={retry('compliance')} />

      <div className="overview-pair">
        <WaitingNowCard
          answer={open}
          center={center}
          days={atRiskDays}
          onDays={onAtRiskDays}
          standard={standard}
          onRetry={onRetryOpen}
        />
        <WaitTimesCard answer={waits} standard={standard} onRetry={retry('waits')} />
      </div>

      <WeeklyOutcomesCard
        answer={weekly}
        weeks={WEEKS}
        standard={standard}
        onRetry={retry('weekly')}
      />

      <ComplianceGridCard
        answer={grouping === first ? compliance : other}
        by={grouping}
        onBy={onBy}
        center={center}
        centerName={centerName}
        csvPath={`/access/compliance?by=${grouping}&${scope}&format=csv`}
        standard={standard}
        onRetry={grouping === first ? retry('compliance') : retry('grid')}
      />

      <ContinuityCard answer={compliance} standard={standard} onRetry={retry('compliance')} />

      <ProviderSurveyCard center={center} />

      <UtilisationCard center={center} />

      <HotlineCard center={center} />

      {asOf && (
        <p className="footnote">
          As of {new Date(asOf.asOf).toLocaleString('en-US', { timeZone: asOf.timeZone })} (
          {asOf.timeZone}). Weeks start on Monday. Cancelled requests are not counted. Compliance is
          the share of judged requests (met, referred out or missed) that got an in-network
          appointment by the deadline.
        </p>
      )}
    </>
  );
}

/**
 * The network's centers from the last answer that listed them: a new at-risk horizon
 * reloads the waiting counts, and the picker and heading keep their names meanwhile.
 */
function useCenters(open: Loadable<OpenRequests>): readonly Center[] | null {
  const last = useRef<readonly Center[] | null>(null);
  if (open.state === 'ready') last.current = open.data.centers;
  return last.current;
}

/** The picker's centers, and the one in the address until its name arrives (or if unknown). */
function pickerChoices(
  centers: readonly Center[] | null,
  center: string | null,
): readonly Center[] {
  const listed = centers ?? [];
  return center === null || listed.some((c) => c.id === center)
    ? listed
    : [...listed, { id: center, name: center }];
}
