/**
 * Booking a request: the request's fields → the engine's options (GET /availability),
 * each with its deadline and whether it meets it, before anything is booked → the
 * chosen option booked (POST /appointments with an Idempotency-Key, so a retried click
 * books once) → the outcome: booked, waitlisted, or a 409 with the next options to pick.
 */
import { type FormEvent, useState } from 'react';
import { callApi } from '../../api/client.ts';
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
import { CenterSelect } from '../../components/center-select.tsx';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { standardName } from '../standards.ts';
import {
  type BookedPlace,
  BookingOutcome,
  OptionsPicker,
  useBookingFlow,
  useClinicianNames,
} from './booking-steps.tsx';
import { fromLocalInput, localInputValue } from './time.ts';

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

export type { BookedPlace };

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
  const flow = useBookingFlow(onBooked);
  const { step, setStep } = flow;

  const patients = useApi<Page<Patient>>(
    center ? `/patients?center=${encodeURIComponent(center)}&limit=200&sort=name` : null,
  );
  const clinicians = useApi<Page<Clinician>>(
    center ? `/clinicians?center=${encodeURIComponent(center)}&limit=200` : null,
  );
  const clinicianNames = useClinicianNames(
    flow.shownOptions,
    clinicians.state === 'ready' ? clinicians.data.items : null,
  );
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
    await flow.findOptions(() =>
      callApi<Availability>(`/availability?${new URLSearchParams(fields)}`),
    );
  }

  async function book(availability: Availability, option: BookingOption) {
    const fields = request();
    if (fields === null) return;
    await flow.book(availability, () =>
      callApi<BookingAnswer>('/appointments', {
        method: 'POST',
        body: { ...fields, slot: { clinicianId: option.clinicianId, start: option.start } },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      }),
    );
  }

  const busy = step.kind === 'finding' || step.kind === 'booking';
  return (
    <section className="card" aria-labelledby="book-heading">
      <h2 id="book-heading">Book a request</h2>
      <form className="filters" onSubmit={findOptions}>
        <CenterSelect
          centers={centers}
          value={center}
          onChange={(id) => {
            setCenter(id);
            setPatientId('');
          }}
        />
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
        <OptionsPicker
          who={patient ? patient.name : patientId}
          step={step}
          names={clinicianNames}
          headingRef={flow.optionsHeading}
          onConfirm={(option) => void book(step.availability, option)}
          onCancel={() => setStep({ kind: 'form' })}
        />
      )}
      {step.kind === 'done' && (
        <BookingOutcome
          answer={step.answer}
          names={clinicianNames}
          resultRef={flow.resultRef}
          again="Book another request"
          onAgain={() => setStep({ kind: 'form' })}
        />
      )}
    </section>
  );
}
