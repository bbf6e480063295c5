/**
 * The public status page (`/app/status`): how timely access to mental-health care is
 * across the network, for anyone — no sign-in. The regulator's help line comes first
 * (and shows even when the figures fail to load), then what the standards and the
 * share mean, then a table per standard. Plain tables, no chart library.
 */
import { useState } from 'react';
import { REGULATOR_HOTLINE } from '../../../../src/access/hotline.ts';
import { useApi } from '../../api/use-api.ts';
import { SIGN_IN_PATH } from '../../app/catalog.ts';
import { Link } from '../../components/link.tsx';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { asOfLabel, PUBLIC_STATUS_WEEKS, type PublicStatus } from './public-status.ts';
import { StatusTable } from './status-table.tsx';
import './public-status.css';

export function PublicStatusPage({ signedIn }: { readonly signedIn: boolean }) {
  const [attempt, setAttempt] = useState(0);
  const answer = useApi<PublicStatus>(`/public/status?weeks=${PUBLIC_STATUS_WEEKS}`, attempt);

  return (
    <div className="public-status">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Timely</span>
        <nav aria-label="Account" className="status-account">
          {signedIn ? (
            <Link to="/app">Back to Timely</Link>
          ) : (
            <Link to={SIGN_IN_PATH}>Staff sign-in</Link>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>Access to mental-health care: how timely is it?</h1>
        <p className="lede">
          Week by week, how many of this health plan’s members got a mental-health appointment
          within the time California law allows, at each medical center.
        </p>

        <section className="status-hotline" aria-labelledby="hotline-title">
          <h2 id="hotline-title">Can’t get an appointment in time?</h2>
          <p className="status-hotline-number">
            Call the {REGULATOR_HOTLINE.name}:{' '}
            <a href={REGULATOR_HOTLINE.telephone}>{REGULATOR_HOTLINE.number}</a>
          </p>
          <p>{REGULATOR_HOTLINE.purpose}</p>
          <p className="footnote">
            In an emergency, call 911. In a mental-health crisis, call or text 988.
          </p>
        </section>

        <section className="status-about" aria-labelledby="about-title">
          <h2 id="about-title">What these figures mean</h2>
          <p>
            California’s timely-access law (Health &amp; Safety Code § 1367.03 and 28 CCR §
            1300.67.2.2) sets the longest a health plan member may wait for each kind of
            mental-health appointment. Each table below is one of those standards: its heading names
            the kind of appointment and the limit, counted from the member’s request.
          </p>
          <p>
            A cell is the share of that week’s requests that got an appointment by the deadline, out
            of those whose deadline has passed or that were settled: met in time, missed, or sent to
            a provider outside the network. Requests whose deadline is still ahead are counted as
            pending, not yet in the share, so the latest weeks settle over time.
          </p>
          <p>
            No person is named here. To protect privacy, a center’s week with fewer than 11 requests
            shows “fewer than 11” instead of its figures, and a few larger ones show “hidden”, so
            that a small one cannot be worked out by subtracting from the total of all medical
            centers.
          </p>
        </section>

        {answer.state === 'loading' && <Loading what="the figures" />}
        {answer.state === 'error' && (
          <Failure message={answer.message} onRetry={() => setAttempt((n) => n + 1)} />
        )}
        {answer.state === 'ready' && <Figures status={answer.data} />}
      </main>
    </div>
  );
}

function Figures({ status }: { readonly status: PublicStatus }) {
  const centers = new Map(status.centers.map((center) => [center.id, center.name]));
  return (
    <>
      <p className="footnote">
        Figures as of {asOfLabel(status.asOf, status.timeZone)} (Pacific time), over the last{' '}
        {status.weeks.length} weeks.
      </p>
      {status.standards.length === 0 && (
        <Empty>No requests in the last {status.weeks.length} weeks.</Empty>
      )}
      {status.standards.map((standard) => (
        <StatusTable key={standard.id} standard={standard} weeks={status.weeks} centers={centers} />
      ))}
    </>
  );
}
