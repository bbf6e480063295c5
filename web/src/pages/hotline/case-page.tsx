/**
 * One hotline case: who called and about whom, the caller's account, the clock (due,
 * time left or overdue), the work on it (assignment, status, resolution, reopening,
 * matching), its notes and history, and the member's requests and appointments — the
 * ones the case names marked.
 */
import { type RefObject, useState } from 'react';
import type { Center } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { Link } from '../../components/link.tsx';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../scheduler/time.ts';
import { standardName } from '../standards.ts';
import { AddNote, CaseActions, MatchMember } from './case-actions.tsx';
import { ClockBadge, memberText } from './case-queue.tsx';
import { CATEGORY_LABELS, RELATION_LABELS, resolutionLabel, STATUS_LABELS } from './labels.ts';
import { HOTLINE_PATH } from './links.ts';
import type { CaseDetail, CaseHistoryEntry } from './types.ts';

function historyText(h: CaseHistoryEntry): string {
  switch (h.kind) {
    case 'recorded':
      return 'Recorded';
    case 'assigned':
      return h.assignedTo ? `Assigned to ${h.assignedTo.name}` : 'Unassigned';
    case 'matched':
      return 'Matched to the member';
    case 'reopened':
      return `Reopened (was ${h.fromStatus}${h.resolutionCode ? `: ${resolutionLabel(h.resolutionCode)}` : ''})`;
    case 'status':
      return `${STATUS_LABELS[h.toStatus as keyof typeof STATUS_LABELS] ?? h.toStatus}${h.resolutionCode ? `: ${resolutionLabel(h.resolutionCode)}` : ''}`;
  }
}

export function CasePage({
  centerId,
  id,
  centers,
  mayWrite,
  headingRef,
}: {
  readonly centerId: string;
  readonly id: string;
  readonly centers: readonly Center[];
  readonly mayWrite: boolean;
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const [attempt, setAttempt] = useState(0);
  const url = `/hotline/cases/${encodeURIComponent(centerId)}/${encodeURIComponent(id)}`;
  const answer = useApi<CaseDetail>(url, attempt);
  const reload = () => setAttempt((n) => n + 1);
  const centerName = (cid: string) => centers.find((c) => c.id === cid)?.name ?? cid;
  // Keep the last case on screen while it is read again after a change.
  const [last, setLast] = useState<CaseDetail | null>(null);
  if (answer.state === 'ready' && answer.data !== last) setLast(answer.data);
  const detail = answer.state === 'ready' ? answer.data : last;

  return (
    <>
      <p>
        <Link to={HOTLINE_PATH}>← Back to the queue</Link>
      </p>
      <h2 ref={headingRef} tabIndex={-1} className="case-title">
        {detail ? memberText(detail) : 'Case'}
        {detail?.urgency === 'urgent' && <span className="badge badge-urgent">urgent</span>}
        {detail?.needsMatching && <span className="badge badge-warn">needs matching</span>}
      </h2>
      {answer.state === 'loading' && !detail && <Loading what="the case" />}
      {answer.state === 'error' && <Failure message={answer.message} onRetry={reload} />}
      {detail && (
        <>
          <section className="card" aria-labelledby="summary-heading">
            <h3 id="summary-heading">The case</h3>
            <dl className="case-facts">
              <div>
                <dt>Status</dt>
                <dd>
                  {STATUS_LABELS[detail.status]}
                  {detail.resolutionCode && ` · ${resolutionLabel(detail.resolutionCode)}`}
                </dd>
              </div>
              <div>
                <dt>Clock</dt>
                <dd>
                  <ClockBadge c={detail} /> due {formatDateTime(detail.clock.dueAt)} (
                  {detail.urgency === 'urgent' ? '72 hours' : '30 days'})
                </dd>
              </div>
              <div>
                <dt>Category</dt>
                <dd>{CATEGORY_LABELS[detail.category]}</dd>
              </div>
              <div>
                <dt>Received</dt>
                <dd>{formatDateTime(detail.receivedAt)}</dd>
              </div>
              <div>
                <dt>Caller</dt>
                <dd>
                  {detail.caller.relation === 'self'
                    ? 'The member'
                    : `${detail.caller.name} (${RELATION_LABELS[detail.caller.relation].toLowerCase()})`}
                </dd>
              </div>
              <div>
                <dt>Center</dt>
                <dd>{centerName(detail.centerId)}</dd>
              </div>
              <div>
                <dt>Assigned to</dt>
                <dd>{detail.assignedTo?.name ?? 'Nobody yet'}</dd>
              </div>
              {detail.memberGiven && (
                <div>
                  <dt>The caller gave</dt>
                  <dd>
                    {[
                      detail.memberGiven.name,
                      detail.memberGiven.memberNumber,
                      detail.memberGiven.birthDate && `born ${detail.memberGiven.birthDate}`,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </dd>
                </div>
              )}
            </dl>
            <h4>The caller’s account</h4>
            <p className="account">{detail.account}</p>
          </section>

          {mayWrite && (
            <CaseActions
              key={`${detail.status}/${detail.assignedTo?.id}`}
              detail={detail}
              url={url}
              onChanged={reload}
            />
          )}
          {mayWrite && detail.needsMatching && <MatchMember url={url} onChanged={reload} />}

          <section className="card" aria-labelledby="notes-heading">
            <h3 id="notes-heading">Notes</h3>
            {detail.notes.length === 0 ? (
              <Empty>No notes yet.</Empty>
            ) : (
              <ol className="notes">
                {detail.notes.map((n) => (
                  <li key={n.id}>
                    <p className="note-meta">
                      {n.author.name} · {formatDateTime(n.writtenAt)}
                    </p>
                    <p className="note-text">{n.text}</p>
                  </li>
                ))}
              </ol>
            )}
            {mayWrite && <AddNote url={url} onChanged={reload} />}
          </section>

          <MemberRecords detail={detail} centerName={centerName} />

          <section className="card" aria-labelledby="history-heading">
            <h3 id="history-heading">History</h3>
            <ol className="history">
              {detail.history.map((h) => (
                <li key={`${h.at}/${h.kind}/${h.toStatus}`}>
                  <span className="note-meta">{formatDateTime(h.at)}</span> {historyText(h)}
                  {h.actor && <span className="note-meta"> · {h.actor.name}</span>}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </>
  );
}

function MemberRecords({
  detail,
  centerName,
}: {
  readonly detail: CaseDetail;
  readonly centerName: (id: string) => string;
}) {
  if (detail.member === null) return null;
  return (
    <section className="card" aria-labelledby="records-heading">
      <h3 id="records-heading">The member’s requests and appointments</h3>
      {detail.memberRequests.length === 0 ? (
        <Empty>No requests on record.</Empty>
      ) : (
        <TableRegion label="The member's requests">
          <table>
            <caption>Requests (those the case names first)</caption>
            <thead>
              <tr>
                <th scope="col">Asked</th>
                <th scope="col">Standard</th>
                <th scope="col">Deadline</th>
                <th scope="col">Status</th>
                <th scope="col">In this case</th>
              </tr>
            </thead>
            <tbody>
              {detail.memberRequests.map((r) => (
                <tr key={`${r.centerId}/${r.id}`}>
                  <td>{formatDateTime(r.clockStart)}</td>
                  <td>{standardName(r.standard)}</td>
                  <td>{formatDateTime(r.deadline)}</td>
                  <td>{r.status}</td>
                  <td>{r.linked ? <span className="badge">named</span> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {detail.memberAppointments.length === 0 ? (
        <Empty>No appointments on record.</Empty>
      ) : (
        <TableRegion label="The member's appointments">
          <table>
            <caption>Appointments (those the case names first)</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Clinician</th>
                <th scope="col">Center</th>
                <th scope="col">Status</th>
                <th scope="col">In this case</th>
              </tr>
            </thead>
            <tbody>
              {detail.memberAppointments.map((a) => (
                <tr key={`${a.centerId}/${a.id}`}>
                  <td>{formatDateTime(a.startsAt)}</td>
                  <td>{a.clinician.name}</td>
                  <td>{centerName(a.centerId)}</td>
                  <td>{a.status}</td>
                  <td>{a.linked ? <span className="badge">named</span> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}
