/**
 * Every stoppage declared (`GET /stoppages`): its status, days, how many clinicians it
 * names and how many stop work, and how far its plan is applied. A name opens the
 * stoppage at the step its status calls for.
 */
import { useState } from 'react';
import { useApi } from '../../api/use-api.ts';
import { Link } from '../../components/link.tsx';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatCount, formatPeriod, KIND_NAMES, STATUS_NAMES } from './labels.ts';
import { wizardHref } from './steps.ts';
import type { Stoppage } from './types.ts';

export function StoppageList() {
  const [attempt, setAttempt] = useState(0);
  const list = useApi<{ readonly items: readonly Stoppage[] }>('/stoppages', attempt);

  if (list.state === 'loading') return <Loading what="the stoppages" />;
  if (list.state === 'error')
    return <Failure message={list.message} onRetry={() => setAttempt((n) => n + 1)} />;
  if (list.data.items.length === 0) return <Empty>No stoppage has been declared.</Empty>;
  return (
    <TableRegion label="Stoppages">
      <table>
        <caption>Stoppages declared</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Days</th>
            <th scope="col" className="num">
              Clinicians in scope
            </th>
            <th scope="col" className="num">
              Stopping work
            </th>
            <th scope="col" className="num">
              To re-place
            </th>
            <th scope="col" className="num">
              Applied
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data.items.map((stoppage) => (
            <tr key={stoppage.id}>
              <th scope="row">
                <Link to={wizardHref(stoppage.id)}>{stoppage.name}</Link>
              </th>
              <td>{KIND_NAMES[stoppage.kind]}</td>
              <td>
                <span className={`badge status-${stoppage.status}`}>
                  {STATUS_NAMES[stoppage.status]}
                </span>
              </td>
              <td className="when">{formatPeriod(stoppage.startsAt, stoppage.endsAt)}</td>
              <td className="num">{formatCount(stoppage.clinicians.inScope)}</td>
              <td className="num">{formatCount(stoppage.clinicians.participating)}</td>
              <td className="num">
                {stoppage.previewedAt === null && stoppage.plan.entries === 0
                  ? '–'
                  : formatCount(stoppage.plan.entries)}
              </td>
              <td className="num">{formatCount(stoppage.plan.applied)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
