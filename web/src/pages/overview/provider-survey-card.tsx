/**
 * The regulator's rate of compliance on the overview (`GET /access/provider-survey`):
 * for a week's survey, the share of each medical center's providers whose next available
 * urgent and non-urgent appointments fell within the standards, against the 70% line
 * under which a network owes the regulator a corrective action plan — the centers under
 * it named, the numbers one click away. Counts only. In a drill-down, that center.
 *
 * Weeks are computed by the server in the background (seconds a week on the full
 * network): while it works the card says so and asks again every few seconds, keeping
 * what it already shows.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../../api/use-api.ts';
import { Chart } from '../../charts/chart.tsx';
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { ChartCard } from './chart-card.tsx';
import { COUNT, percentOrDash, weekLabel } from './format.ts';

const WEEKS = 13;
const POLL_MS = 3000;
// Okabe–Ito: blue for urgent, sky blue for non-urgent, vermilion for a bar under the line.
const URGENT = '#0072B2';
const NON_URGENT = '#56B4E9';
const UNDER = '#D55E00';

type ProviderType = 'non-physician' | 'psychiatrist';

interface Tally {
  readonly surveyed: number;
  readonly urgentCompliant: number;
  readonly nonUrgentCompliant: number;
  readonly urgentRate: number | null;
  readonly nonUrgentRate: number | null;
  readonly belowThreshold: boolean;
}

interface CenterSurvey extends Tally {
  readonly center: string;
  readonly providerTypes: readonly (Tally & { readonly providerType: ProviderType })[];
}

interface WeekSurvey {
  readonly weekStart: string;
  readonly surveyedAt: string;
  readonly computedAt: string;
  readonly final: boolean;
  readonly network: Tally;
  readonly centers: readonly CenterSurvey[];
}

interface Question {
  readonly standard: string;
  readonly limit: string;
}

/** The answer of `GET /access/provider-survey`. */
export interface ProviderSurvey {
  readonly timeZone: string;
  readonly asOf: string;
  readonly threshold: number;
  readonly center: string | null;
  readonly weeks: readonly string[];
  readonly computing: boolean;
  readonly questions: readonly {
    readonly providerType: ProviderType;
    readonly urgent: Question;
    readonly nonUrgent: Question;
  }[];
  readonly centers: readonly { readonly id: string; readonly name: string }[];
  readonly surveys: readonly WeekSurvey[];
}

const TYPE_NAMES: Readonly<Record<ProviderType, string>> = {
  'non-physician': 'Non-physician providers',
  psychiatrist: 'Psychiatrists',
};

/** `center`: a drill-down's medical center, or null for the whole network. */
export function ProviderSurveyCard({ center = null }: { readonly center?: string | null }) {
  const [attempt, setAttempt] = useState(0);
  const [chosenWeek, setChosenWeek] = useState<string | null>(null);
  const query = new URLSearchParams({ weeks: String(WEEKS) });
  if (center !== null) query.set('center', center);
  const answer = useApi<ProviderSurvey>(`/access/provider-survey?${query}`, attempt);
  // While the server computes, the card asks again and shows what it had meanwhile.
  const last = useRef<ProviderSurvey | null>(null);
  if (answer.state === 'ready') last.current = answer.data;
  const data =
    answer.state === 'ready' ? answer.data : answer.state === 'loading' ? last.current : null;
  const computing = data?.computing ?? false;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each answer while computing schedules the next ask
  useEffect(() => {
    if (!computing) return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [computing, data]);

  const survey =
    data?.surveys.find((s) => s.weekStart === chosenWeek) ?? data?.surveys.at(-1) ?? null;
  const names = useMemo(() => new Map(data?.centers.map((c) => [c.id, c.name]) ?? []), [data]);
  const nameOf = (id: string) => names.get(id) ?? id;
  const threshold = data?.threshold ?? 0.7;
  const option = useMemo(
    () => (survey ? chartOption(survey, names, threshold) : null),
    [survey, names, threshold],
  );
  const under = survey?.centers.filter((c) => c.belowThreshold) ?? [];
  // A drill-down's headline is its center's; the network's stays beside it.
  const own = center === null ? undefined : survey?.centers.find((c) => c.center === center);
  const headline = own ?? survey?.network;
  const place = own ? nameOf(own.center) : 'Network';
  const bad = (rate: number | null) =>
    rate !== null && rate < threshold ? 'stat stat-bad' : 'stat';

  return (
    <ChartCard
      id="provider-survey"
      title="Providers' next available appointments"
      subtitle={survey ? `week of ${weekLabel(survey.weekStart)}` : `last ${WEEKS} weeks`}
      tableLabel="Provider survey numbers"
      table={survey && data ? <SurveyTable survey={survey} nameOf={nameOf} /> : null}
      controls={
        data && data.surveys.length > 0 ? (
          <>
            <label>
              Week
              <select
                value={survey?.weekStart ?? ''}
                onChange={(event) => setChosenWeek(event.target.value)}
              >
                {data.surveys.map((s) => (
                  <option key={s.weekStart} value={s.weekStart}>
                    {weekLabel(s.weekStart)}
                    {s.final ? '' : ' (this week)'}
                  </option>
                ))}
              </select>
            </label>
            <a
              className="button-link"
              href={`/access/provider-survey?${query}&format=csv`}
              download
            >
              Download CSV
            </a>
          </>
        ) : null
      }
      wide
    >
      {answer.state === 'loading' && data === null && <Loading what="the provider survey" />}
      {answer.state === 'error' && (
        <Failure message={answer.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {data && data.surveys.length === 0 && computing && (
        <p className="state" role="status">
          The survey is being computed: every clinician's next available appointment, week by week,
          as the books stood on each survey day. This takes a few seconds a week.
        </p>
      )}
      {data && data.surveys.length === 0 && !computing && (
        <Empty>No clinician to survey in these weeks.</Empty>
      )}
      {data && survey && headline && option && (
        <>
          <dl className="stats">
            <div className={bad(headline.urgentRate)}>
              <dt>{place}: urgent within the standard</dt>
              <dd>{percentOrDash(headline.urgentRate)}</dd>
            </div>
            <div className={bad(headline.nonUrgentRate)}>
              <dt>{place}: non-urgent within the standard</dt>
              <dd>{percentOrDash(headline.nonUrgentRate)}</dd>
            </div>
            <div className="stat">
              <dt>Providers surveyed</dt>
              <dd>{COUNT.format(headline.surveyed)}</dd>
            </div>
            {own ? (
              <div className={bad(survey.network.urgentRate)}>
                <dt>Whole network: urgent</dt>
                <dd>{percentOrDash(survey.network.urgentRate)}</dd>
              </div>
            ) : (
              <div className={under.length > 0 ? 'stat stat-bad' : 'stat'}>
                <dt>Centers under {percentOrDash(threshold)}</dt>
                <dd>{COUNT.format(under.length)}</dd>
              </div>
            )}
          </dl>
          <Chart
            option={option}
            height={Math.max(220, 70 + 40 * survey.centers.length)}
            label={`Bar chart, per medical center, of the share of providers whose next urgent and non-urgent appointments were in time, week of ${weekLabel(survey.weekStart)}, against the ${percentOrDash(threshold)} line; ${under.length} center${under.length === 1 ? '' : 's'} under it. The numbers are in the table under "Show the numbers".`}
          />
          <p
            role="note"
            style={{
              margin: '0.5rem 0 0',
              padding: '0.5rem 0.75rem',
              borderRadius: 6,
              border: '1px solid var(--line)',
              background: under.length > 0 ? 'var(--danger-wash)' : 'var(--wash)',
            }}
          >
            {under.length === 0 ? (
              <>
                {own ? 'This center is' : 'Every center is'} at or above the{' '}
                {percentOrDash(threshold)} line on both kinds of appointment.
              </>
            ) : (
              <>
                <strong>
                  Under the {percentOrDash(threshold)} line — a corrective action plan is due:
                </strong>{' '}
                {under.map((c) => `${nameOf(c.center)} (${shortfall(c, threshold)})`).join('; ')}.
              </>
            )}
          </p>
          <p className="chart-note">
            Dashed line: {percentOrDash(threshold)}, under which a network owes the regulator a
            corrective action plan; vermilion bars are under it. Surveyed{' '}
            {new Date(survey.surveyedAt).toLocaleString('en-US', {
              timeZone: data.timeZone,
              weekday: 'short',
              month: 'short',
              day: 'numeric',
              hour: 'numeric',
              minute: '2-digit',
            })}{' '}
            as the books stood then
            {survey.final ? '' : ' (this week: provisional until the week ends)'}: each active
            clinician's next free intake slot for a new patient, {describeQuestions(data)}. Every
            clinician is asked, not a sample.
          </p>
        </>
      )}
    </ChartCard>
  );
}

/** "urgent 64%, non-urgent 81%": the rates of a center under the line. */
function shortfall(c: Tally, threshold: number): string {
  const parts: string[] = [];
  if (c.urgentRate !== null && c.urgentRate < threshold) {
    parts.push(`urgent ${percentOrDash(c.urgentRate)}`);
  }
  if (c.nonUrgentRate !== null && c.nonUrgentRate < threshold) {
    parts.push(`non-urgent ${percentOrDash(c.nonUrgentRate)}`);
  }
  return parts.join(', ');
}

/** "urgent within 48 hours (96 hours for psychiatrists), non-urgent within …". */
function describeQuestions(data: ProviderSurvey): string {
  const of = (type: ProviderType) => data.questions.find((q) => q.providerType === type);
  const np = of('non-physician');
  const md = of('psychiatrist');
  if (!np || !md) return 'judged against the standards';
  return `urgent within ${np.urgent.limit} (${md.urgent.limit} for psychiatrists), non-urgent within ${np.nonUrgent.limit} (${md.nonUrgent.limit} for psychiatrists)`;
}

function chartOption(
  survey: WeekSurvey,
  names: ReadonlyMap<string, string>,
  threshold: number,
): EChartsCoreOption {
  // ECharts draws a category axis bottom-up: reversed, the first center is on top.
  const shown = [...survey.centers].reverse();
  const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
  const bar = (rate: number | null, colour: string) => ({
    value: percent(rate),
    itemStyle: { color: rate !== null && rate < threshold ? UNDER : colour },
  });
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 32, bottom: 30, containLabel: true },
    legend: { top: 0, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${v}%`),
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      name: '% of providers within the standard',
      nameLocation: 'middle',
      nameGap: 24,
    },
    yAxis: { type: 'category', data: shown.map((c) => names.get(c.center) ?? c.center) },
    series: [
      {
        name: 'Urgent',
        type: 'bar',
        barMaxWidth: 28,
        itemStyle: { color: URGENT },
        data: shown.map((c) => bar(c.urgentRate, URGENT)),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#1b1f24', type: 'dashed', width: 2 },
          label: { formatter: `${Math.round(threshold * 100)}%`, position: 'end' },
          data: [{ xAxis: threshold * 100 }],
        },
      },
      {
        name: 'Non-urgent',
        type: 'bar',
        barMaxWidth: 28,
        itemStyle: { color: NON_URGENT },
        data: shown.map((c) => bar(c.nonUrgentRate, NON_URGENT)),
      },
    ],
  };
}

function SurveyTable({
  survey,
  nameOf,
}: {
  readonly survey: WeekSurvey;
  readonly nameOf: (id: string) => string;
}) {
  const row = (key: string, label: string, t: Tally, indent = false) => (
    <tr key={key}>
      <th scope="row" style={indent ? { paddingLeft: '1.5rem', fontWeight: 400 } : undefined}>
        {label}
      </th>
      <td className="num">{COUNT.format(t.surveyed)}</td>
      <td className="num">{COUNT.format(t.urgentCompliant)}</td>
      <td className="num">{percentOrDash(t.urgentRate)}</td>
      <td className="num">{COUNT.format(t.nonUrgentCompliant)}</td>
      <td className="num">{percentOrDash(t.nonUrgentRate)}</td>
      <td>{t.belowThreshold ? 'yes' : 'no'}</td>
    </tr>
  );
  return (
    <table>
      <caption>
        Providers surveyed and those whose next available appointment was within the standard, week
        of {weekLabel(survey.weekStart)}
        {survey.final ? '' : ' (provisional)'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Medical center</th>
          <th scope="col" className="num">
            Surveyed
          </th>
          <th scope="col" className="num">
            Urgent: within
          </th>
          <th scope="col" className="num">
            Urgent rate
          </th>
          <th scope="col" className="num">
            Non-urgent: within
          </th>
          <th scope="col" className="num">
            Non-urgent rate
          </th>
          <th scope="col">Under the line</th>
        </tr>
      </thead>
      <tbody>
        {survey.centers.flatMap((c) => [
          row(c.center, nameOf(c.center), c),
          ...c.providerTypes.map((t) =>
            row(`${c.center}-${t.providerType}`, TYPE_NAMES[t.providerType], t, true),
          ),
        ])}
        {row('network', 'Whole network', survey.network)}
      </tbody>
    </table>
  );
}
