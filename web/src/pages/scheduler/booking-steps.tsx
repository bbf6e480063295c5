/**
 * What every way of booking on the scheduler page shares, after the request is known:
 * the engine's options in a table (each with its deadline and whether it meets it)
 * with a confirm button, the outcome, and a 409's next options offered in place. The
 * booking call itself is the caller's (a new request, or one from the queue).
 */
import { type RefObject, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useClinicianNames as useSharedClinicianNames } from '../../api/clinician-names.ts';
import type { Availability, BookingAnswer, BookingOption, Clinician } from '../../api/types.ts';
import { Empty } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { standardName } from '../standards.ts';
import { formatDateTime } from './time.ts';

export type BookingStep =
  | { readonly kind: 'form' }
  | { readonly kind: 'finding' }
  | { readonly kind: 'options'; readonly availability: Availability; readonly notice?: string }
  | { readonly kind: 'booking'; readonly availability: Availability }
  | { readonly kind: 'done'; readonly answer: BookingAnswer }
  | { readonly kind: 'error'; readonly message: string };

export interface BookedPlace {
  readonly centerId: string;
  readonly clinicianId: string;
  readonly start: string;
}

/** The step after a booking call: its outcome, the next options of a 409, or the error. */
export async function bookingStep(
  availability: Availability,
  call: () => Promise<BookingAnswer>,
): Promise<BookingStep> {
  try {
    return { kind: 'done', answer: await call() };
  } catch (error) {
    const next = error instanceof ApiError && error.status === 409 ? error.problem : null;
    if (next !== null && Array.isArray(next.nextOptions)) {
      return {
        kind: 'options',
        availability: { ...availability, options: next.nextOptions as BookingOption[] },
        notice: `${messageOf(error)} Pick one of the next options.`,
      };
    }
    return { kind: 'error', message: messageOf(error) };
  }
}

/** A booking in progress on the page: its step, where focus goes, and the two calls. */
export interface BookingFlow {
  readonly step: BookingStep;
  readonly setStep: (step: BookingStep) => void;
  /** The options on screen (none unless the step shows some). */
  readonly shownOptions: readonly BookingOption[];
  /** The options' heading, focused when options appear. */
  readonly optionsHeading: RefObject<HTMLHeadingElement | null>;
  /** The outcome, focused when the booking is done. */
  readonly resultRef: RefObject<HTMLDivElement | null>;
  /** Asks for the engine's options with `fetchAvailability` and shows them (or the error). */
  findOptions(fetchAvailability: () => Promise<Availability>): Promise<void>;
  /**
   * Books with `call` among `availability`'s options and shows the outcome, or a 409's
   * next options; once booked, `onDone` runs and the booked place goes to `onBooked`.
   */
  book(
    availability: Availability,
    call: () => Promise<BookingAnswer>,
    onDone?: () => void,
  ): Promise<void>;
}

/** The steps from options to outcome, whichever way the request was given. */
export function useBookingFlow(onBooked: (place: BookedPlace) => void): BookingFlow {
  const [step, setStep] = useState<BookingStep>({ kind: 'form' });
  const optionsHeading = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const shownOptions =
    step.kind === 'options' || step.kind === 'booking' ? step.availability.options : [];

  async function findOptions(fetchAvailability: () => Promise<Availability>) {
    setStep({ kind: 'finding' });
    try {
      const availability = await fetchAvailability();
      setStep({ kind: 'options', availability });
      requestAnimationFrame(() => optionsHeading.current?.focus());
    } catch (error) {
      setStep({ kind: 'error', message: messageOf(error) });
    }
  }

  async function book(
    availability: Availability,
    call: () => Promise<BookingAnswer>,
    onDone?: () => void,
  ) {
    setStep({ kind: 'booking', availability });
    const next = await bookingStep(availability, call);
    setStep(next);
    if (next.kind === 'done') {
      requestAnimationFrame(() => resultRef.current?.focus());
      onDone?.();
      const place = placeOf(next.answer);
      if (place) onBooked(place);
    } else if (next.kind === 'options') {
      requestAnimationFrame(() => optionsHeading.current?.focus());
    }
  }

  return { step, setStep, shownOptions, optionsHeading, resultRef, findOptions, book };
}

/** Where a booked answer put the patient, for the week view to show. */
export function placeOf(answer: BookingAnswer): BookedPlace | undefined {
  if (answer.outcome !== 'booked') return undefined;
  const { centerId, clinicianId, start } = answer.appointment;
  return { centerId, clinicianId, start };
}

/**
 * Clinicians' names for the options shown: `known` (the center's list, already loaded)
 * and, for options at other centers, each one read once.
 */
export function useClinicianNames(
  options: readonly BookingOption[],
  known: readonly Clinician[] | null,
): ReadonlyMap<string, string> {
  return useSharedClinicianNames(
    known === null ? null : new Map(known.map((c) => [c.id, c.name])),
    options.map((o) => ({ centerId: o.centerId, id: o.clinicianId })),
  );
}

/** The options of a request, one to pick, and the confirm and cancel buttons. */
export function OptionsPicker({
  who,
  step,
  names,
  headingRef,
  onConfirm,
  onCancel,
}: {
  /** Whose request: the member's name. */
  readonly who: string;
  readonly step: Extract<BookingStep, { kind: 'options' | 'booking' }>;
  readonly names: ReadonlyMap<string, string>;
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
  readonly onConfirm: (option: BookingOption) => void;
  readonly onCancel: () => void;
}) {
  const [selected, setSelected] = useState(0);
  const { availability } = step;
  // biome-ignore lint/correctness/useExhaustiveDependencies: new options (a 409's next ones) start again from the engine's first choice
  useEffect(() => setSelected(0), [availability]);
  const nameOf = (id: string) => names.get(id) ?? id;
  return (
    <div className="options">
      <h3 tabIndex={-1} ref={headingRef}>
        Options for {who} · {standardName(availability.standard)}, deadline{' '}
        {formatDateTime(availability.deadline)}
      </h3>
      {step.kind === 'options' && step.notice && (
        <p className="notice" role="alert">
          {step.notice}
        </p>
      )}
      {availability.options.length === 0 ? (
        <>
          <Empty>
            No option fits
            {availability.waitlistReason
              ? ` (${availability.waitlistReason.replaceAll('-', ' ')})`
              : ''}
            . Booking puts the request on the waitlist.
          </Empty>
          <button type="button" onClick={onCancel}>
            Back
          </button>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const option = availability.options[selected];
            if (option && step.kind === 'options') onConfirm(option);
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
                {availability.options.map((option, index) => (
                  <tr key={`${option.clinicianId}@${option.start}`}>
                    <td>
                      <input
                        type="radio"
                        name="option"
                        aria-label={`${formatDateTime(option.start)} with ${nameOf(option.clinicianId)}`}
                        checked={selected === index}
                        onChange={() => setSelected(index)}
                      />
                    </td>
                    <td>{formatDateTime(option.start)}</td>
                    <td>{nameOf(option.clinicianId)}</td>
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
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** What the booking did: booked (when, with whom, the deadline met or not) or waitlisted. */
export function BookingOutcome({
  answer,
  names,
  resultRef,
  again,
  onAgain,
}: {
  readonly answer: BookingAnswer;
  readonly names: ReadonlyMap<string, string>;
  readonly resultRef: RefObject<HTMLDivElement | null>;
  /** The label of the button that starts over. */
  readonly again: string;
  readonly onAgain: () => void;
}) {
  return (
    <div className="result" ref={resultRef} tabIndex={-1} role="status">
      {answer.outcome === 'booked' ? (
        <p>
          <strong>Booked</strong>: {formatDateTime(answer.appointment.start)} with{' '}
          {names.get(answer.appointment.clinicianId) ?? answer.appointment.clinicianId} (appointment{' '}
          {answer.appointment.id}). Deadline {formatDateTime(answer.deadline)}:{' '}
          <MetBadge met={answer.evaluation.met} />
        </p>
      ) : (
        <p>
          <strong>Waitlisted</strong> ({answer.reason.replaceAll('-', ' ')}): request{' '}
          {answer.requestId}, deadline {formatDateTime(answer.deadline)}.
        </p>
      )}
      <button type="button" onClick={onAgain}>
        {again}
      </button>
    </div>
  );
}

export function MetBadge({ met }: { readonly met: boolean | null }) {
  if (met === null) return <span className="badge">Not decided</span>;
  return met ? (
    <span className="badge badge-met">Meets the deadline</span>
  ) : (
    <span className="badge badge-missed">Misses the deadline</span>
  );
}

export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong. Try again.';
}
