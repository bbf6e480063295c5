/**
 * Booking a request: the request's fields → the engine's options (GET /availability),
 * each with its deadline and whether it meets it, before anything is booked → the
 * chosen option booked (POST /appointments with an Idempotency-Key, so a retried click
 * books once) → the outcome: booked, waitlisted, or a 409 with the next options to pick.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, callApi } from '../../api/client.ts';
import type {
  Availability,
  BookingAnswer,
  BookingOption,
  Center,
  Clinician,
  Page,
  Patient,
} from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { standardName } from '../standards.ts';
import { formatDateTime, fromLocalInput, localInputValue } from './time.ts';

const REQUEST_TYPES: readonly [string, string, string][] = [
  // type, label, the standard that usually applies
  ['routine-intake', 'Routine intake', 'nonurgent-nonphysician-mh'],
  ['urgent-intake', 'Urgent intake', 'urgent-no-prior-auth'],
  ['followup', 'Follow-up', 'followup-nonphysician-mh'],
  ['psychiatry', 'Psychiatry', 'nonurgent-psychiatry'],
];
const STANDARDS = [
  'nonurgent-nonphysician-mh',
  'nonurgent-psychiatry',
  'followup-nonphysician-mh',
  'urgent-no-prior-auth',
  'urgent-prior-auth',
];
const LANGUAGES: readonly [string, string][] = [
  ['', 'Any language'],
  ['en', 'English'],
  ['es', 'Spanish'],
  ['zh', 'Mandarin'],
  ['vi', 'Vietnamese'],
  ['ko', 'Korean'],
  ['tl', 'Tagalog'],
  ['hy', 'Armenian'],
];

export interface BookedPlace {
  readonly centerId: string;
  readonly clinicianId: string;
  readonly start: string;
}

type Step =
  | { readonly kind: 'form' }
  | { readonly kind: 'finding' }
  | { readonly kind: 'options'; readonly availability: Availability; readonly notice?: string }
  | { readonly kind: 'booking'; readonly availability: Availability }
  | { readonly kind: 'done'; readonly answer: BookingAnswer }
  | { readonly kind: 'error'; readonly message: string };

export function BookRequest({
  centers,
  onBooked,
}: {
  readonly centers: readonly Center[];
  readonly onBooked: (place: BookedPlace) => void;
}) {
  const [center, setCenter] = useState(centers[0]?.id ?? '');
  const [patientId, setPatientId] = useState('');
  const [type, setType] = useState('routine-intake');
  const [standard, setStandard] = useState('nonurgent-nonphysician-mh');
  const [language, setLanguage] = useState('');
  const [modality, setModality] = useState('any');
  const [clockStart, setClockStart] = useState(() => localInputValue(Date.now()));
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [selected, setSelected] = useState(0);
  const optionsHeading = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const patients = useApi<Page<Patient>>(
    center ? `/patients?center=${encodeURIComponent(center)}&limit=200&sort=name` : null,
  );
  const clinicians = useApi<Page<Clinician>>(
    center ? `/clinicians?center=${encodeURIComponent(center)}&limit=200` : null,
  );
  // Options may be at another center: those clinicians' names are read one by one.
  const [otherNames, setOtherNames] = useState<ReadonlyMap<string, string>>(new Map());
  const clinicianNames = new Map([
    ...otherNames,
    ...(clinicians.state === 'ready'
      ? clinicians.data.items.map((c) => [c.id, c.name] as const)
      : []),
  ]);
  const shownOptions =
    step.kind === 'options' || step.kind === 'booking' ? step.availability.options : [];
  const missing = [
    ...new Map(
      shownOptions
        .filter((o) => !clinicianNames.has(o.clinicianId))
        .map((o) => [o.clinicianId, o.centerId]),
    ),
  ];
  const missingKey = clinicians.state === 'ready' ? JSON.stringify(missing) : '[]';
  useEffect(() => {
    const wanted = JSON.parse(missingKey) as [string, string][];
    if (wanted.length === 0) return;
    const controller = new AbortController();
    void Promise.all(
      wanted.map(([id, centerId]) =>
        callApi<Clinician>(
          `/clinicians/${encodeURIComponent(centerId)}/${encodeURIComponent(id)}`,
          {
            signal: controller.signal,
          },
        ).catch(() => null),
      ),
    ).then((found) => {
      if (controller.signal.aborted) return;
      setOtherNames((names) => {
        const next = new Map(names);
        for (const c of found) if (c) next.set(c.id, c.name);
        return next;
      });
    });
    return () => controller.abort();
  }, [missingKey]);
  const patient =
    patients.state === 'ready' ? patients.data.items.find((p) => p.id === patientId) : undefined;

  /** The request as both GET /availability and POST /appointments take it. */
  function request(): Record<string, string> | null {
    const start = fromLocalInput(clockStart);
    if (!patientId || !start) return null;
    const fields: Record<string, string> = { type, standard, patientId, clockStart: start };
    if (center) fields.center = center;
    if (language) fields.language = language;
    if (modality !== 'any') fields.modality = modality;
    return fields;
  }

  async function findOptions(event: FormEvent) {
    event.preventDefault();
    const fields = request();
    if (fields === null) {
      setStep({ kind: 'error', message: 'Pick a patient and a clock start first.' });
      return;
    }
    setStep({ kind: 'finding' });
    try {
      const availability = await callApi<Availability>(
        `/availability?${new URLSearchParams(fields)}`,
      );
      setSelected(0);
      setStep({ kind: 'options', availability });
      requestAnimationFrame(() => optionsHeading.current?.focus());
    } catch (error) {
      setStep({ kind: 'error', message: messageOf(error) });
    }
  }

  async function book(availability: Availability, option: BookingOption) {
    const fields = request();
    if (fields === null) return;
    setStep({ kind: 'booking', availability });
    try {
      const answer = await callApi<BookingAnswer>('/appointments', {
        method: 'POST',
        body: { ...fields, slot: { clinicianId: option.clinicianId, start: option.start } },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      });
      setStep({ kind: 'done', answer });
      requestAnimationFrame(() => resultRef.current?.focus());
      if (answer.outcome === 'booked') {
        onBooked({
          centerId: answer.appointment.centerId,
          clinicianId: answer.appointment.clinicianId,
          start: answer.appointment.start,
        });
      }
    } catch (error) {
      const next = error instanceof ApiError && error.status === 409 ? error.problem : null;
      if (next !== null && Array.isArray(next.nextOptions)) {
        setSelected(0);
        setStep({
          kind: 'options',
          availability: {
            ...availability,
            options: next.nextOptions as BookingOption[],
          },
          notice: `${messageOf(error)} Pick one of the next options.`,
        });
        requestAnimationFrame(() => optionsHeading.current?.focus());
      } else {
        setStep({ kind: 'error', message: messageOf(error) });
      }
    }
  }

  const busy = step.kind === 'finding' || step.kind === 'booking';
  return (
    <section className="card" aria-labelledby="book-heading">
      <h2 id="book-heading">Book a request</h2>
      <form className="filters" onSubmit={findOptions}>
        <label>
          Medical center
          <select
            value={center}
            onChange={(event) => {
              setCenter(event.target.value);
              setPatientId('');
            }}
          >
            {centers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Patient
          <select
            value={patientId}
            onChange={(event) => setPatientId(event.target.value)}
            disabled={patients.state !== 'ready'}
            required
          >
            <option value="">
              {patients.state === 'loading'
                ? 'Loading patients…'
                : patients.state === 'error'
                  ? 'Patients could not load'
                  : 'Pick a patient'}
            </option>
            {patients.state === 'ready' &&
              patients.data.items.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} · {p.memberNumber}
                </option>
              ))}
          </select>
        </label>
        <label>
          Request type
          <select
            value={type}
            onChange={(event) => {
              setType(event.target.value);
              const usual = REQUEST_TYPES.find(([t]) => t === event.target.value)?.[2];
              if (usual) setStandard(usual);
            }}
          >
            {REQUEST_TYPES.map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Standard
          <select value={standard} onChange={(event) => setStandard(event.target.value)}>
            {STANDARDS.map((id) => (
              <option key={id} value={id}>
                {standardName(id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Language
          <select value={language} onChange={(event) => setLanguage(event.target.value)}>
            {LANGUAGES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Modality
          <select value={modality} onChange={(event) => setModality(event.target.value)}>
            <option value="any">In person or video</option>
            <option value="in-person">In person</option>
            <option value="video">Video</option>
          </select>
        </label>
        <label>
          Clock start (Pacific)
          <input
            type="datetime-local"
            value={clockStart}
            onChange={(event) => setClockStart(event.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={busy || !patientId}>
          Find options
        </button>
      </form>
      {patients.state === 'error' && <Failure message={patients.message} />}
      {patients.state === 'ready' && patients.data.items.length === 0 && (
        <Empty>This center has no patients on record.</Empty>
      )}
      {step.kind === 'finding' && <Loading what="the engine's options" />}
      {step.kind === 'error' && <Failure message={step.message} />}
      {(step.kind === 'options' || step.kind === 'booking') && (
        <div className="options">
          <h3 tabIndex={-1} ref={optionsHeading}>
            Options for {patient ? patient.name : patientId} ·{' '}
            {standardName(step.availability.standard)}, deadline{' '}
            {formatDateTime(step.availability.deadline)}
          </h3>
          {step.kind === 'options' && step.notice && (
            <p className="notice" role="alert">
              {step.notice}
            </p>
          )}
          {step.availability.options.length === 0 ? (
            <>
              <Empty>
                No option fits
                {step.availability.waitlistReason
                  ? ` (${step.availability.waitlistReason.replaceAll('-', ' ')})`
                  : ''}
                . Booking puts the request on the waitlist.
              </Empty>
              <button type="button" onClick={() => setStep({ kind: 'form' })}>
                Back to the request
              </button>
            </>
          ) : (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                const option = step.availability.options[selected];
                if (option && step.kind === 'options') void book(step.availability, option);
              }}
            >
              <TableRegion label="Options">
                <table>
                  <caption className="visually-hidden">
                    The engine's options, best first; pick one and confirm
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Pick</th>
                      <th scope="col">Start</th>
                      <th scope="col">Clinician</th>
                      <th scope="col">Modality</th>
                      <th scope="col">Deadline</th>
                      <th scope="col">Meets it?</th>
                    </tr>
                  </thead>
                  <tbody>
                    {step.availability.options.map((option, index) => (
                      <tr key={`${option.clinicianId}@${option.start}`}>
                        <td>
                          <input
                            type="radio"
                            name="option"
                            aria-label={`${formatDateTime(option.start)} with ${
                              clinicianNames.get(option.clinicianId) ?? option.clinicianId
                            }`}
                            checked={selected === index}
                            onChange={() => setSelected(index)}
                          />
                        </td>
                        <td>{formatDateTime(option.start)}</td>
                        <td>{clinicianNames.get(option.clinicianId) ?? option.clinicianId}</td>
                        <td>{option.modality === 'video' ? 'Video' : 'In person'}</td>
                        <td>{formatDateTime(option.evaluation.deadline)}</td>
                        <td>
                          <MetBadge met={option.evaluation.met} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
              <div className="actions">
                <button type="submit" disabled={step.kind === 'booking'}>
                  {step.kind === 'booking' ? 'Booking…' : 'Confirm booking'}
                </button>
                <button type="button" onClick={() => setStep({ kind: 'form' })}>
                  Cancel
                </button>
              </div>
            </form>
          )}
        </div>
      )}
      {step.kind === 'done' && (
        <div className="result" ref={resultRef} tabIndex={-1} role="status">
          {step.answer.outcome === 'booked' ? (
            <p>
              <strong>Booked</strong>: {formatDateTime(step.answer.appointment.start)} with{' '}
              {clinicianNames.get(step.answer.appointment.clinicianId) ??
                step.answer.appointment.clinicianId}{' '}
              (appointment {step.answer.appointment.id}). Deadline{' '}
              {formatDateTime(step.answer.deadline)}: <MetBadge met={step.answer.evaluation.met} />
            </p>
          ) : (
            <p>
              <strong>Waitlisted</strong> ({step.answer.reason.replaceAll('-', ' ')}): request{' '}
              {step.answer.requestId}, deadline {formatDateTime(step.answer.deadline)}.
            </p>
          )}
          <button type="button" onClick={() => setStep({ kind: 'form' })}>
            Book another request
          </button>
        </div>
      )}
    </section>
  );
}

function MetBadge({ met }: { readonly met: boolean | null }) {
  if (met === null) return <span className="badge">Not decided</span>;
  return met ? (
    <span className="badge badge-met">Meets the deadline</span>
  ) : (
    <span className="badge badge-missed">Misses the deadline</span>
  );
}

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong. Try again.';
}
