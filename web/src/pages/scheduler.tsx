/**
 * The scheduler's page: the queue of requests waiting to be placed, booking a request
 * (from the queue or a new one) from the engine's options, and a clinician's week
 * (sessions, admin blocks, booked, free, time off). A booking moves the week view to the
 * booked clinician and week, so the new appointment is in sight.
 */
import { useState } from 'react';
import type { Center, Clinician, Page } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { CenterSelect } from '../components/center-select.tsx';
import { Empty, Failure, Loading } from '../components/states.tsx';
import { type BookedPlace, BookRequest } from './scheduler/book-request.tsx';
import { ClinicianWeek } from './scheduler/clinician-week.tsx';
import { RequestQueue } from './scheduler/request-queue.tsx';
import { addDays, clinicDate, formatDay, mondayOf } from './scheduler/time.ts';

export function SchedulerPage() {
  const [centerAttempt, setCenterAttempt] = useState(0);
  const centers = useApi<Page<Center>>('/centers?limit=200', centerAttempt);
  return (
    <section>
      <h1 tabIndex={-1}>Scheduler</h1>
      {centers.state === 'loading' && <Loading what="medical centers" />}
      {centers.state === 'error' && (
        <Failure message={centers.message} onRetry={() => setCenterAttempt(centerAttempt + 1)} />
      )}
      {centers.state === 'ready' && centers.data.items.length === 0 && (
        <Empty>The network has no medical centers yet.</Empty>
      )}
      {centers.state === 'ready' && centers.data.items.length > 0 && (
        <SchedulerBody centers={centers.data.items} />
      )}
    </section>
  );
}

function SchedulerBody({ centers }: { readonly centers: readonly Center[] }) {
  const [center, setCenter] = useState(centers[0]?.id ?? '');
  const [clinicianId, setClinicianId] = useState('');
  const [monday, setMonday] = useState(() => mondayOf(clinicDate(Date.now())));
  const [attempt, setAttempt] = useState(0);
  const clinicians = useApi<Page<Clinician>>(
    `/clinicians?center=${encodeURIComponent(center)}&limit=200&sort=name&active=true`,
  );
  const list = clinicians.state === 'ready' ? clinicians.data.items : [];
  const chosen = list.find((c) => c.id === clinicianId) ?? list[0];

  const showBooked = (place: BookedPlace) => {
    setCenter(place.centerId);
    setClinicianId(place.clinicianId);
    setMonday(mondayOf(clinicDate(Date.parse(place.start))));
    setAttempt((n) => n + 1);
  };

  return (
    <>
      <RequestQueue centers={centers} onBooked={showBooked} />
      <BookRequest centers={centers} onBooked={showBooked} />
      <section className="card" aria-labelledby="week-heading">
        <h2 id="week-heading">
          {chosen ? `${chosen.name}'s week` : "A clinician's week"} of {formatDay(monday)}
        </h2>
        <form className="filters" onSubmit={(event) => event.preventDefault()}>
          <CenterSelect
            label="Center"
            centers={centers}
            value={center}
            onChange={(id) => {
              setCenter(id);
              setClinicianId('');
            }}
          />
          <label>
            Clinician
            <select
              value={chosen?.id ?? ''}
              onChange={(event) => setClinicianId(event.target.value)}
              disabled={list.length === 0}
            >
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Week of
            <input
              type="date"
              value={monday}
              onChange={(event) => {
                if (event.target.value) setMonday(mondayOf(event.target.value));
              }}
            />
          </label>
          <button type="button" onClick={() => setMonday(addDays(monday, -7))}>
            Previous week
          </button>
          <button type="button" onClick={() => setMonday(addDays(monday, 7))}>
            Next week
          </button>
        </form>
        {clinicians.state === 'loading' && <Loading what="clinicians" />}
        {clinicians.state === 'error' && <Failure message={clinicians.message} />}
        {clinicians.state === 'ready' && list.length === 0 && (
          <Empty>This center has no active clinicians.</Empty>
        )}
        {chosen && (
          <ClinicianWeek
            clinicianId={chosen.id}
            clinicianName={chosen.name}
            monday={monday}
            attempt={attempt}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        )}
      </section>
    </>
  );
}
