/**
 * The hotline's queue: open and investigating cases first, least time left first (what
 * the API's `sort=timeLeft` gives), each with its time left or how long it is overdue,
 * urgent ones marked; filters by status, urgency, category, center, assignee and
 * matching; cursor pages.
 */
import { type RefObject, useState } from 'react';
import { CASE_CATEGORIES } from '../../../../src/hotline/case-codes.ts';
import type { Center } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { navigate } from '../../app/router.ts';
import { CenterSelect } from '../../components/center-select.tsx';
import { Link } from '../../components/link.tsx';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../scheduler/time.ts';
import { CATEGORY_LABELS, clockText, STATUS_LABELS } from './labels.ts';
import { caseLink, NEW_CASE_LINK } from './links.ts';
import type { CaseQueuePage, HotlineCase, Person } from './types.ts';

const PAGE_SIZE = 25;

const STATUS_CHOICES: readonly [string, string][] = [
  ['open,investigating', 'Open and investigating'],
  ['open', 'Open'],
  ['investigating', 'Investigating'],
  ['resolved,closed', 'Resolved or closed'],
  ['', 'All'],
];

export function memberText(c: HotlineCase): string {
  if (c.member) return `${c.member.name} · ${c.member.memberNumber}`;
  const given = [c.memberGiven?.name, c.memberGiven?.memberNumber].filter(Boolean).join(' · ');
  return `Not matched: ${given || 'no details'}`;
}

export function ClockBadge({ c }: { readonly c: HotlineCase }) {
  const late = c.clock.state === 'breached' || c.clock.state === 'missed';
  return (
    <span
      className={
        late ? 'badge badge-missed' : c.clock.state === 'met' ? 'badge badge-met' : 'badge'
      }
    >
      {clockText(c.clock)}
    </span>
  );
}

export function CaseQueue({
  centers,
  mayWrite,
  headingRef,
}: {
  readonly centers: readonly Center[];
  readonly mayWrite: boolean;
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const [status, setStatus] = useState('open,investigating');
  const [urgency, setUrgency] = useState('');
  const [category, setCategory] = useState('');
  const [center, setCenter] = useState('');
  const [assignee, setAssignee] = useState('');
  const [unmatched, setUnmatched] = useState(false);
  const [cursors, setCursors] = useState<readonly (string | null)[]>([null]);
  const [attempt, setAttempt] = useState(0);
  const assignees = useApi<{ items: readonly (Person & { role: string })[] }>('/hotline/assignees');

  const cursor = cursors.at(-1) ?? null;
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (status) query.set('status', status);
  if (urgency) query.set('urgency', urgency);
  if (category) query.set('category', category);
  if (center) query.set('center', center);
  if (assignee) query.set('assignee', assignee);
  if (unmatched) query.set('needsMatching', 'true');
  if (cursor) query.set('cursor', cursor);
  const queue = useApi<CaseQueuePage>(`/hotline/cases?${query}`, attempt);
  const centerNames = new Map(centers.map((c) => [c.id, c.name]));
  // Any filter change starts again at the first page.
  const filter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setCursors([null]);
    };

  return (
    <section className="card" aria-labelledby="queue-heading">
      <div className="hotline-head">
        <h2 id="queue-heading" ref={headingRef} tabIndex={-1}>
          Case queue
        </h2>
        {mayWrite && (
          <button type="button" onClick={() => navigate(NEW_CASE_LINK)}>
            Record a call
          </button>
        )}
      </div>
      <p className="lede">
        Open and investigating cases first, least time left first: urgent cases are due 72 hours
        after the call, the others 30 days after it.
      </p>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(e) => filter(setStatus)(e.target.value)}>
            {STATUS_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Urgency
          <select value={urgency} onChange={(e) => filter(setUrgency)(e.target.value)}>
            <option value="">Any</option>
            <option value="urgent">Urgent (72 h)</option>
            <option value="standard">Standard (30 days)</option>
          </select>
        </label>
        <label>
          Category
          <select value={category} onChange={(e) => filter(setCategory)(e.target.value)}>
            <option value="">Any</option>
            {CASE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <CenterSelect
          centers={centers}
          value={center}
          allLabel="All centers"
          onChange={filter(setCenter)}
        />
        <label>
          Assigned to
          <select value={assignee} onChange={(e) => filter(setAssignee)(e.target.value)}>
            <option value="">Anyone</option>
            <option value="none">Nobody yet</option>
            {assignees.state === 'ready' &&
              assignees.data.items.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
          </select>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={unmatched}
            onChange={(e) => filter(setUnmatched)(e.target.checked)}
          />
          Needs matching
        </label>
      </form>
      {queue.state === 'loading' && <Loading what="the case queue" />}
      {queue.state === 'error' && (
        <Failure message={queue.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {queue.state === 'ready' && queue.data.items.length === 0 && <Empty>No case matches.</Empty>}
      {queue.state === 'ready' && queue.data.items.length > 0 && (
        <>
          <TableRegion label="Case queue">
            <table>
              <caption className="visually-hidden">
                Hotline cases, open and investigating first, least time left first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Time left</th>
                  <th scope="col">Due</th>
                  <th scope="col">Member</th>
                  <th scope="col">Category</th>
                  <th scope="col">Status</th>
                  <th scope="col">Assigned to</th>
                  <th scope="col">Center</th>
                </tr>
              </thead>
              <tbody>
                {queue.data.items.map((c) => (
                  <tr key={`${c.centerId}/${c.id}`}>
                    <td className="clock">
                      <ClockBadge c={c} />
                      {c.urgency === 'urgent' && <span className="badge badge-urgent">urgent</span>}
                    </td>
                    <td>{formatDateTime(c.clock.dueAt)}</td>
                    <td>
                      <Link to={caseLink(c.centerId, c.id)}>{memberText(c)}</Link>
                      {c.needsMatching && <span className="badge badge-warn">needs matching</span>}
                    </td>
                    <td>{CATEGORY_LABELS[c.category]}</td>
                    <td>{STATUS_LABELS[c.status]}</td>
                    <td>{c.assignedTo?.name ?? '—'}</td>
                    <td>{centerNames.get(c.centerId) ?? c.centerId}</td>
                  </tr>
                ))}
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
    </section>
  );
}
