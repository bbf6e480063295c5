/**
 * At risk: the requests still waiting whose deadline falls within N business days (and
 * the overdue ones, first), earliest deadline first — `GET /access/at-risk`. Filters
 * (days, center, standard, type) live in the address; the CSV link carries them. For the
 * roles that book, "Options" asks the engine for a row's options and confirming books it,
 * through the scheduler's own steps (scheduler/booking-steps.tsx); the list is then read
 * again and the booked request has left it.
 */
import { useState } from 'react';
import { callApi } from '../../api/client.ts';
import type { Availability, BookingAnswer, BookingOption, Center, Page } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useSession } from '../../app/session.tsx';
import { CenterSelect } from '../../components/center-select.tsx';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import {
  BookingOutcome,
  OptionsPicker,
  useBookingFlow,
  useClinicianNames,
} from '../scheduler/booking-steps.tsx';
import { formatDateTime } from '../scheduler/time.ts';
import { STANDARD_IDS, standardName } from '../standards.ts';
import {
  CsvLink,
  mayBook,
  PAGE_SIZE,
  Pager,
  REQUEST_TYPES,
  relativeTime,
  typeName,
  useAddressFilters,
} from './list-parts.tsx';
import type { AtRiskList, AtRiskRequest } from './types.ts';
import './lists.css';

export const AT_RISK_PATH = '/app/at-risk';
const DEFAULT_DAYS = '3';
const DAY_CHOICES = [0, 1, 2, 3, 5, 10, 15, 30];

function pathOf(request: AtRiskRequest, action: 'availability' | 'book'): string {
  return `/requests/${encodeURIComponent(request.centerId)}/${encodeURIComponent(request.id)}/${action}`;
}

/** Business days left: "0 (today)", "3"; overdue, "−2" (two have gone by since). */
function businessDays(request: AtRiskRequest): string {
  const n = request.businessDaysLeft;
  if (n < 0) return `−${-n}`;
  return n === 0 && !request.overdue ? '0 (today)' : String(n);
}

export function AtRiskPage() {
  const { state } = useSession();
  const canBook = state.status === 'signed-in' && mayBook(state.principal.role);
  const filters = useAddressFilters(AT_RISK_PATH, ['days', 'center', 'standard', 'type']);
  const { values, setFilter, cursors, setCursors } = filters;
  const [attempt, setAttempt] = useState(0);
  const [chosen, setChosen] = useState<AtRiskRequest | null>(null);
  const flow = useBookingFlow(() => {});
  const { step, setStep } = flow;
  const names = useClinicianNames(flow.shownOptions, []);

  const centers = useApi<Page<Center>>('/centers?limit=200');
  const centerList = centers.state === 'ready' ? centers.data.items : [];
  const centerNames = new Map(centerList.map((c) => [c.id, c.name]));
  const query = filters.apiQuery();
  const csvHref = `/access/at-risk?${new URLSearchParams([...query, ['format', 'csv']])}`;
  query.set('limit', String(PAGE_SIZE));
  const cursor = cursors.at(-1);
  if (cursor) query.set('cursor', cursor);
  const list = useApi<AtRiskList>(`/access/at-risk?${query}`, attempt);
  const now = Date.now();

  async function findOptions(request: AtRiskRequest) {
    setChosen(request);
    await flow.findOptions(() => callApi<Availability>(pathOf(request, 'availability')));
  }

  async function book(request: AtRiskRequest, availability: Availability, option: BookingOption) {
    await flow.book(
      availability,
      () =>
        callApi<BookingAnswer>(pathOf(request, 'book'), {
          method: 'POST',
          body: { slot: { clinicianId: option.clinicianId, start: option.start } },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      // Booked in time, it is no longer at risk: the list is read again.
      () => setAttempt((n) => n + 1),
    );
  }

  function close() {
    setChosen(null);
    setStep({ kind: 'form' });
  }

  return (
    <section className="access-list">
      <h1 tabIndex={-1}>At risk</h1>
      <p className="lede">
        Requests still waiting, with no appointment by their deadline, whose deadline falls within
        the next business days — and those already past it, first. Earliest deadline first.
      </p>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Deadline within
          <select
            value={values.days || DEFAULT_DAYS}
            onChange={(event) =>
              setFilter('days', event.target.value === DEFAULT_DAYS ? '' : event.target.value)
            }
          >
            {DAY_CHOICES.map((n) => (
              <option key={n} value={String(n)}>
                {n === 0 ? 'today' : n === 1 ? '1 business day' : `${n} business days`}
              </option>
            ))}
          </select>
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
          Request type
          <select value={values.type} onChange={(e) => setFilter('type', e.target.value)}>
            <option value="">All types</option>
            {REQUEST_TYPES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <CsvLink href={csvHref} what="the at-risk list" />
      </form>
      {list.state === 'loading' && <Loading what="the requests at risk" />}
      {list.state === 'error' && (
        <Failure message={list.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {list.state === 'ready' && list.data.items.length === 0 && (
        <Empty>No waiting request has its deadline within {list.data.days} business days.</Empty>
      )}
      {list.state === 'ready' && list.data.items.length > 0 && (
        <>
          <TableRegion label="Requests at risk">
            <table>
              <caption>
                Deadline within {list.data.days} business {list.data.days === 1 ? 'day' : 'days'}{' '}
                (before {formatDateTime(list.data.atRiskBefore)}), overdue first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Deadline</th>
                  <th scope="col">Time left</th>
                  <th scope="col">Business days left</th>
                  <th scope="col">Standard</th>
                  <th scope="col">Type</th>
                  <th scope="col">Center</th>
                  <th scope="col">Status</th>
                  <th scope="col">Request</th>
                  {canBook && (
                    <th scope="col">
                      <span className="visually-hidden">Action</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((request) => (
                  <tr
                    key={`${request.centerId}/${request.id}`}
                    aria-current={
                      chosen?.id === request.id && chosen.centerId === request.centerId
                        ? 'true'
                        : undefined
                    }
                  >
                    <td className="when">
                      {formatDateTime(request.deadline)}
                      {request.extensionDeadline && <span className="footnote"> · extended</span>}
                    </td>
                    <td>
                      <span className={request.overdue ? 'badge badge-missed' : 'badge'}>
                        {request.overdue
                          ? `Overdue, ${relativeTime(request.deadline, now)}`
                          : relativeTime(request.deadline, now)}
                      </span>
                    </td>
                    <td className="num">{businessDays(request)}</td>
                    <td>{standardName(request.standard)}</td>
                    <td>{typeName(request.type)}</td>
                    <td>{centerNames.get(request.centerId) ?? request.centerId}</td>
                    <td>{request.status}</td>
                    <td className="when">{request.id}</td>
                    {canBook && (
                      <td>
                        <button
                          type="button"
                          onClick={() => void findOptions(request)}
                          aria-label={`Options for request ${request.id}`}
                        >
                          Options
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pager cursors={cursors} setCursors={setCursors} nextCursor={list.data.nextCursor} />
        </>
      )}
      {chosen && step.kind === 'finding' && <Loading what="the engine's options" />}
      {chosen && step.kind === 'error' && <Failure message={step.message} />}
      {chosen && (step.kind === 'options' || step.kind === 'booking') && (
        <OptionsPicker
          who={`request ${chosen.id}`}
          step={step}
          names={names}
          headingRef={flow.optionsHeading}
          onConfirm={(option) => void book(chosen, step.availability, option)}
          onCancel={close}
        />
      )}
      {chosen && step.kind === 'done' && (
        <BookingOutcome
          answer={step.answer}
          names={names}
          resultRef={flow.resultRef}
          again="Back to the list"
          onAgain={close}
        />
      )}
    </section>
  );
}
