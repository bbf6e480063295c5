/**
 * A tile per standard: the share of this week's judged requests that met the standard,
 * the counts it comes from, and the same share over the whole window for comparison.
 * The tiles are their own numbers (no chart to translate), so a list of them is the
 * accessible form too.
 */
import type { ComplianceByGroup } from '../../api/types.ts';
import type { Loadable } from '../../api/use-api.ts';
import { Failure, Loading } from '../../components/states.tsx';
import { STANDARD_IDS, standardName } from '../standards.ts';
import { summariesByStandard } from './compliance.ts';
import { COUNT, percentOrDash, weekLabel } from './format.ts';

export function ThisWeekTiles({
  answer,
  onRetry,
}: {
  readonly answer: Loadable<ComplianceByGroup>;
  readonly onRetry: () => void;
}) {
  return (
    <section className="overview-block" aria-labelledby="this-week-heading">
      <h2 id="this-week-heading">
        Compliance this week
        {answer.state === 'ready' && answer.data.weeks.length > 0 && (
          <span className="chart-card-subtitle">
            {' '}
            (week of {weekLabel(answer.data.weeks.at(-1) ?? '')})
          </span>
        )}
      </h2>
      {answer.state === 'loading' && <Loading what="this week's compliance" />}
      {answer.state === 'error' && <Failure message={answer.message} onRetry={onRetry} />}
      {answer.state === 'ready' && <Tiles data={answer.data} />}
    </section>
  );
}

function Tiles({ data }: { readonly data: ComplianceByGroup }) {
  const summaries = summariesByStandard(data, STANDARD_IDS);
  if (summaries.length === 0) {
    return <p className="state state-empty">No requests in the last {data.weeks.length} weeks.</p>;
  }
  return (
    <ul className="tiles">
      {summaries.map(({ standard, thisWeek, window }) => (
        <li key={standard} className="tile">
          <h3 className="tile-title">{standardName(standard)}</h3>
          <p className="tile-figure">{percentOrDash(thisWeek.compliance)}</p>
          <p className="tile-detail">
            {thisWeek.judged === 0
              ? `none judged yet · ${COUNT.format(thisWeek.pending)} pending`
              : `${COUNT.format(thisWeek.met)} met of ${COUNT.format(thisWeek.judged)} judged · ${COUNT.format(thisWeek.pending)} pending`}
          </p>
          <p className="tile-detail">
            {data.weeks.length} weeks: {percentOrDash(window.compliance)} of{' '}
            {COUNT.format(window.judged)}
          </p>
        </li>
      ))}
    </ul>
  );
}
