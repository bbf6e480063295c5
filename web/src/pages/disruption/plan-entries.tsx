/**
 * The plan, entry by entry (`GET /stoppages/{id}/plan`): each appointment the stoppage
 * touches, in the order the engine placed them (urgent first, kept ones last), what
 * happens to it and whether it meets its deadline before and after. Filtered by result
 * and standard — the filters live in the address, beside the stoppage and the step —
 * and paged with the API's cursors. The entries name no member.
 */
import { useState } from 'react';
import { type ClinicianKey, useClinicianNames } from '../../api/clinician-names.ts';
import { useApi } from '../../api/use-api.ts';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { PAGE_SIZE, Pager, typeName, useAddressFilters } from '../lists/list-parts.tsx';
import { formatDateTime } from '../scheduler/time.ts';
import { STANDARD_IDS, standardName } from '../standards.ts';
import { RESULT_NAMES } from './labels.ts';
import { DISRUPTION_PATH } from './steps.ts';
import { PLAN_RESULTS, type PlanEntry, type PlanPage } from './types.ts';
import { stoppagePath } from './use-stoppage.ts';

const RESULT_BADGES: Readonly<Record<PlanEntry['result'], string>> = {
  kept: 'badge',
  'moved-same-clinician': 'badge badge-met',
  'moved-other-clinician': 'badge badge-met',
  'referred-out': 'badge badge-referred',
  unplaceable: 'badge badge-missed',
};

/** Where an entry goes: the clinician or outside provider, and when. */
function WhereNext({
  entry,
  names,
}: {
  readonly entry: PlanEntry;
  readonly names: ReadonlyMap<string, string>;
}) {
  const next = entry.next;
  if (next === null)
    return <>{entry.result === 'kept' ? 'Stays as booked' : 'Waits: nothing fits'}</>;
  const who =
    next.provider !== null
      ? `${next.provider} (outside provider)`
      : next.clinicianId !== null
        ? (names.get(next.clinicianId) ?? next.clinicianId)
        : '';
  return (
    <>
      {who}
      <span className="footnote when-line">{formatDateTime(next.start)}</span>
    </>
  );
}

/** The clinicians a page of entries names: each appointment's, and where it moves to. */
function cliniciansOf(entries: readonly PlanEntry[]): ClinicianKey[] {
  const keys: ClinicianKey[] = [];
  for (const entry of entries) {
    keys.push({ centerId: entry.appointment.centerId, id: entry.appointment.clinicianId });
    const next = entry.next;
    if (next?.clinicianId && next.centerId)
      keys.push({ centerId: next.centerId, id: next.clinicianId });
  }
  return keys;
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

export function PlanEntries({
  stoppageId,
  names: inScope,
  version,
}: {
  readonly stoppageId: string;
  /** Clinicians' names by id, those in scope; the others are read as they appear. */
  readonly names: ReadonlyMap<string, string>;
  /** Bumped when the plan is computed again: the entries are read again. */
  readonly version: number;
}) {
  const filters = useAddressFilters(DISRUPTION_PATH, ['result', 'standard']);
  const { values, setFilter, cursors, setCursors } = filters;
  const [attempt, setAttempt] = useState(0);
  const query = filters.apiQuery();
  query.set('limit', String(PAGE_SIZE));
  const cursor = cursors.at(-1);
  if (cursor) query.set('cursor', cursor);
  const entries = useApi<PlanPage>(
    `${stoppagePath(stoppageId, '/plan')}?${query}`,
    attempt + version,
  );
  const names = useClinicianNames(
    inScope,
    entries.state === 'ready' ? cliniciansOf(entries.data.items) : [],
  );

  return (
    <section className="plan-entries" aria-labelledby="plan-entries-heading">
      <h3 id="plan-entries-heading">Appointments in the plan</h3>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Result
          <select value={values.result} onChange={(e) => setFilter('result', e.target.value)}>
            <option value="">Every result</option>
            {PLAN_RESULTS.map((result) => (
              <option key={result} value={result}>
                {RESULT_NAMES[result]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Standard
          <select value={values.standard} onChange={(e) => setFilter('standard', e.target.value)}>
            <option value="">Every standard</option>
            {STANDARD_IDS.map((id) => (
              <option key={id} value={id}>
                {standardName(id)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {entries.state === 'loading' && <Loading what="the plan’s entries" />}
      {entries.state === 'error' && (
        <Failure message={entries.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {entries.state === 'ready' && entries.data.items.length === 0 && (
        <Empty>No appointment in the plan matches these filters.</Empty>
      )}
      {entries.state === 'ready' && entries.data.items.length > 0 && (
        <>
          <TableRegion label="Plan entries">
            <table>
              <caption>Appointments in the order the engine placed them, kept ones last</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    #
                  </th>
                  <th scope="col">Appointment</th>
                  <th scope="col">Standard</th>
                  <th scope="col">Deadline</th>
                  <th scope="col">Result</th>
                  <th scope="col">Goes to</th>
                  <th scope="col">Deadline met, before → after</th>
                  <th scope="col">Applied</th>
                </tr>
              </thead>
              <tbody>
                {entries.data.items.map((entry) => (
                  <tr key={entry.seq}>
                    <td className="num">{entry.seq}</td>
                    <td>
                      <span className="when-line">{formatDateTime(entry.appointment.start)}</span>
                      <span className="footnote">
                        {names.get(entry.appointment.clinicianId) ?? entry.appointment.clinicianId}
                      </span>
                    </td>
                    <td className="standard-cell">
                      {standardName(entry.request.standard)}
                      <span className="footnote when-line">{typeName(entry.request.type)}</span>
                    </td>
                    <td className="when">{formatDateTime(entry.request.deadline)}</td>
                    <td>
                      <span className={RESULT_BADGES[entry.result]}>
                        {RESULT_NAMES[entry.result]}
                      </span>
                    </td>
                    <td>
                      <WhereNext entry={entry} names={names} />
                    </td>
                    <td className="when">
                      {yesNo(entry.metBefore)} →{' '}
                      {entry.metAfter ? 'Yes' : <span className="badge badge-missed">No</span>}
                    </td>
                    <td className="when">
                      {entry.appliedAt === null ? 'Planned' : formatDateTime(entry.appliedAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pager cursors={cursors} setCursors={setCursors} nextCursor={entries.data.nextCursor} />
        </>
      )}
    </section>
  );
}
