/**
 * Breaches: who was not seen by their deadline, and why — `GET /access/breaches`. The
 * counts per cause head the page (under every filter but the cause, so they stay in
 * view while one cause is listed); the table lists the requests, earliest missed
 * deadline first. Filters (days, center, standard, cause) live in the address; the CSV
 * link carries them.
 */
import { useState } from 'react';
import type { Center, Page } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { CenterSelect } from '../../components/center-select.tsx';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime, formatDay } from '../scheduler/time.ts';
import { STANDARD_IDS, standardName } from '../standards.ts';
import { CsvLink, PAGE_SIZE, Pager, typeName, useAddressFilters } from './list-parts.tsx';
import { BREACH_CAUSES, type BreachCause, type BreachList } from './types.ts';
import './lists.css';

export const BREACHES_PATH = '/app/breaches';

/** How each cause reads, and what it means (docs/access-lists.md has the precedence). */
export const CAUSES: Readonly<
  Record<BreachCause, { readonly name: string; readonly says: string }>
> = {
  'no-capacity': {
    name: 'No capacity',
    says: 'nothing in time was booked or attended: the true breaches',
  },
  'patient-declined': {
    name: 'Member declined',
    says: 'the member cancelled an appointment that was in time',
  },
  'no-show': {
    name: 'No-show',
    says: 'the member missed an appointment in time (met for compliance)',
  },
  'extension-recorded': {
    name: 'Extension recorded',
    says: 'the treating provider recorded a longer wait, which is met or still ahead',
  },
};

export function BreachesPage() {
  const filters = useAddressFilters(BREACHES_PATH, ['from', 'to', 'center', 'standard', 'cause']);
  const { values, setFilter, cursors, setCursors } = filters;
  const [attempt, setAttempt] = useState(0);
  const centers = useApi<Page<Center>>('/centers?limit=200');
  const centerList = centers.state === 'ready' ? centers.data.items : [];
  const centerNames = new Map(centerList.map((c) => [c.id, c.name]));

  const query = filters.apiQuery();
  const csvHref = `/access/breaches?${new URLSearchParams([...query, ['format', 'csv']])}`;
  query.set('limit', String(PAGE_SIZE));
  const cursor = cursors.at(-1);
  if (cursor) query.set('cursor', cursor);
  const list = useApi<BreachList>(`/access/breaches?${query}`, attempt);
  const totals = list.state === 'ready' ? list.data.totals : null;
  // Unset, the window is the API's default (the last 90 days): shown in the inputs.
  const shown = list.state === 'ready' ? list.data : null;

  return (
    <section className="access-list">
      <h1 tabIndex={-1}>Breaches</h1>
      <p className="lede">
        Requests whose deadline passed without a visit by it (requests referred out of network
        aside), with the cause. The first cause that applies is shown.
      </p>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Deadlines from
          <input
            type="date"
            value={values.from || shown?.from || ''}
            onChange={(event) => setFilter('from', event.target.value)}
          />
        </label>
        <label>
          to
          <input
            type="date"
            value={values.to || shown?.to || ''}
            onChange={(event) => setFilter('to', event.target.value)}
          />
        </label>
        <CenterSelect
          centers={centerList}
          value={values.center}
          allLabel="All centers"
          onChange={(id) => setFilter('center', id)}
        />
        <label>
          Standard
          <select value={values.standard} onChange={(e) => setFilter('standard', e.target.value)}>
            <option value="">All standards</option>
            {STANDARD_IDS.map((id) => (
              <option key={id} value={id}>
                {standardName(id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Cause
          <select value={values.cause} onChange={(e) => setFilter('cause', e.target.value)}>
            <option value="">All causes</option>
            {BREACH_CAUSES.map((cause) => (
              <option key={cause} value={cause}>
                {CAUSES[cause].name}
                {totals ? ` (${totals[cause]})` : ''}
              </option>
            ))}
          </select>
        </label>
        <CsvLink href={csvHref} what="the breach list" />
      </form>
      {list.state === 'ready' && (
        <section className="cause-totals" aria-labelledby="cause-totals-heading">
          <h2 id="cause-totals-heading">
            {list.data.totals.all} {list.data.totals.all === 1 ? 'request' : 'requests'} not seen by
            the deadline, {formatDay(list.data.from)} to {formatDay(list.data.to)}
          </h2>
          <ul>
            {BREACH_CAUSES.map((cause) => (
              <li key={cause} className={`cause cause-${cause}`}>
                <span className="cause-count">{list.data.totals[cause]}</span>{' '}
                <span className="cause-name">{CAUSES[cause].name}</span>
                <span className="cause-says">{CAUSES[cause].says}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {list.state === 'loading' && <Loading what="the breaches" />}
      {list.state === 'error' && (
        <Failure message={list.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {list.state === 'ready' && list.data.items.length === 0 && (
        <Empty>No request missed its deadline under these filters.</Empty>
      )}
      {list.state === 'ready' && list.data.items.length > 0 && (
        <>
          <TableRegion label="Breaches">
            <table>
              <caption>
                {values.cause
                  ? `${CAUSES[values.cause as BreachCause]?.name ?? values.cause}: `
                  : ''}
                requests not seen by their deadline, earliest deadline first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Deadline missed</th>
                  <th scope="col">Cause</th>
                  <th scope="col">Standard</th>
                  <th scope="col">Type</th>
                  <th scope="col">Center</th>
                  <th scope="col">Status</th>
                  <th scope="col">First visit</th>
                  <th scope="col">Request</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((breach) => (
                  <tr key={`${breach.centerId}/${breach.id}`}>
                    <td className="when">
                      {formatDateTime(breach.deadline)}
                      {breach.extensionDeadline && breach.cause !== 'extension-recorded' && (
                        <span className="footnote"> · extended</span>
                      )}
                    </td>
                    <td>
                      <span
                        className={breach.cause === 'no-capacity' ? 'badge badge-missed' : 'badge'}
                      >
                        {CAUSES[breach.cause].name}
                      </span>
                    </td>
                    <td>{standardName(breach.standard)}</td>
                    <td>{typeName(breach.type)}</td>
                    <td>{centerNames.get(breach.centerId) ?? breach.centerId}</td>
                    <td>{breach.status}</td>
                    <td className="when">
                      {breach.firstVisit ? formatDateTime(breach.firstVisit) : 'none'}
                    </td>
                    <td className="when">{breach.id}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pager cursors={cursors} setCursors={setCursors} nextCursor={list.data.nextCursor} />
        </>
      )}
    </section>
  );
}
