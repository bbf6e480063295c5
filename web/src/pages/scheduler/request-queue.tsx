/**
 * The request queue: the requests still waiting to be placed (open or waitlisted),
 * earliest deadline first — the order a scheduler works them in. "Options" asks the
 * engine for one request's options (GET /requests/…/availability); confirming books
 * that request (POST /requests/…/book, with an Idempotency-Key so a retried click books
 * once), and the queue is read again.
 */
import { useState } from 'react';
import { callApi } from '../../api/client.ts';
import type {
  Availability,
  BookingAnswer,
  BookingOption,
  Center,
  Page,
  QueuedRequest,
} from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { CenterSelect } from '../../components/center-select.tsx';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { standardName } from '../standards.ts';
import {
  type BookedPlace,
  BookingOutcome,
  OptionsPicker,
  useBookingFlow,
  useClinicianNames,
} from './booking-steps.tsx';
import { formatDateTime } from './time.ts';

const PAGE_SIZE = 25;
const DAY = 86_400_000;
const RELATIVE = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });
const TYPE_NAMES: Readonly<Record<string, string>> = {
  'routine-intake': 'Routine intake',
  'urgent-intake': 'Urgent intake',
  followup: 'Follow-up',
  psychiatry: 'Psychiatry',
};

function dueOf(request: QueuedRequest): string {
  return request.extensionDeadline ?? request.deadline;
}

/** "in 3 days", "tomorrow", "2 days ago": how long is left, at a glance. */
function timeLeft(deadline: string, now: number): string {
  const days = (Date.parse(deadline) - now) / DAY;
  return days >= 0 && days < 1
    ? 'today'
    : RELATIVE.format(days > 0 ? Math.floor(days) : Math.ceil(days), 'day');
}

function pathOf(request: QueuedRequest, action: string): string {
  return `/requests/${encodeURIComponent(request.centerId)}/${encodeURIComponent(request.id)}/${action}`;
}

export function RequestQueue({
  centers,
  onBooked,
}: {
  readonly centers: readonly Center[];
  readonly onBooked: (place: BookedPlace) => void;
}) {
  const [center, setCenter] = useState('');
  const [status, setStatus] = useState('');
  const [cursors, setCursors] = useState<readonly (string | null)[]>([null]);
  const [attempt, setAttempt] = useState(0);
  const [chosen, setChosen] = useState<QueuedRequest | null>(null);
  const flow = useBookingFlow(onBooked);
  const { step, setStep } = flow;

  const cursor = cursors.at(-1) ?? null;
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (center) query.set('center', center);
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const queue = useApi<Page<QueuedRequest>>(`/requests?${query}`, attempt);
  const centerNames = new Map(centers.map((c) => [c.id, c.name]));
  const names = useClinicianNames(flow.shownOptions, []);
  const now = Date.now();

  async function findOptions(request: QueuedRequest) {
    setChosen(request);
    await flow.findOptions(() => callApi<Availability>(pathOf(request, 'availability')));
  }

  async function book(request: QueuedRequest, availability: Availability, option: BookingOption) {
    await flow.book(
      availability,
      () =>
        callApi<BookingAnswer>(pathOf(request, 'book'), {
          method: 'POST',
          body: { slot: { clinicianId: option.clinicianId, start: option.start } },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      // Booked: it has left the queue, which is read again.
      () => setAttempt((n) => n + 1),
    );
  }

  function closeRequest() {
    setChosen(null);
    setStep({ kind: 'form' });
  }

  return (
    <section className="card" aria-labelledby="queue-heading">
      <h2 id="queue-heading">Request queue</h2>
      <p className="lede">Requests waiting for an appointment, earliest deadline first.</p>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <CenterSelect
          centers={centers}
          value={center}
          allLabel="All centers"
          onChange={(id) => {
            setCenter(id);
            setCursors([null]);
          }}
        />
        <label>
          Status
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value);
              setCursors([null]);
            }}
          >
            <option value="">Open and waitlisted</option>
            <option value="open">Open: not yet offered</option>
            <option value="waitlisted">Waitlisted: nothing fitted</option>
          </select>
        </label>
      </form>
      {queue.state === 'loading' && <Loading what="the request queue" />}
      {queue.state === 'error' && (
        <Failure message={queue.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {queue.state === 'ready' && queue.data.items.length === 0 && (
        <Empty>No request is waiting{center ? ' at this center' : ''}.</Empty>
      )}
      {queue.state === 'ready' && queue.data.items.length > 0 && (
        <>
          <TableRegion label="Request queue">
            <table>
              <caption className="visually-hidden">
                Requests waiting for an appointment, earliest deadline first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Deadline</th>
                  <th scope="col">Due</th>
                  <th scope="col">Member</th>
                  <th scope="col">Standard</th>
                  <th scope="col">Type</th>
                  <th scope="col">Center</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {queue.data.items.map((request) => {
                  const due = dueOf(request);
                  const overdue = Date.parse(due) < now;
                  return (
                    <tr
                      key={`${request.centerId}/${request.id}`}
                      aria-current={chosen?.id === request.id ? 'true' : undefined}
                    >
                      <td>{formatDateTime(due)}</td>
                      <td>
                        <span className={overdue ? 'badge badge-missed' : 'badge'}>
                          {overdue ? `overdue, ${timeLeft(due, now)}` : timeLeft(due, now)}
                        </span>
                      </td>
                      <td>
                        {request.patient.name}{' '}
                        <span className="footnote">· {request.patient.memberNumber}</span>
                      </td>
                      <td>{standardName(request.standard)}</td>
                      <td>{TYPE_NAMES[request.type] ?? request.type}</td>
                      <td>{centerNames.get(request.centerId) ?? request.centerId}</td>
                      <td>{request.status}</td>
                      <td>
                        <button
                          type="button"
                          onClick={() => void findOptions(request)}
                          aria-label={`Options for ${request.patient.name}`}
                        >
                          Options
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableRegion>
          <div className="actions">
            <button
              type="button"
              disabled={cursors.length === 1}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Previous page
            </button>
            <button
              type="button"
              disabled={queue.data.nextCursor === null}
              onClick={() => setCursors([...cursors, queue.data.nextCursor])}
            >
              Next page
            </button>
          </div>
        </>
      )}
      {chosen && step.kind === 'finding' && <Loading what="the engine's options" />}
      {chosen && step.kind === 'error' && <Failure message={step.message} />}
      {chosen && (step.kind === 'options' || step.kind === 'booking') && (
        <OptionsPicker
          who={chosen.patient.name}
          step={step}
          names={names}
          headingRef={flow.optionsHeading}
          onConfirm={(option) => void book(chosen, step.availability, option)}
          onCancel={closeRequest}
        />
      )}
      {chosen && step.kind === 'done' && (
        <BookingOutcome
          answer={step.answer}
          names={names}
          resultRef={flow.resultRef}
          again="Back to the queue"
          onAgain={closeRequest}
        />
      )}
    </section>
  );
}
