/**
 * The mixed workload: what the people using Timely do at once. Schedulers search a
 * member's options and book (several at the same center, so they race for the same
 * earliest slot and the losers take one of the next options the 409 offers), compliance
 * officers and the regulator read dashboards and the lists of members at risk, EHRs search
 * FHIR slots and appointments, staff sign in and out of the web app. Each operation
 * records every call it makes, with the statuses it may answer and the audit events its
 * answer must have written.
 */

import { USER_ROLES } from '../src/db/schema.ts';
import { type Answer, type Call, recordsShown } from './load-http.ts';
import type { LoadPlan, Ref } from './load-plan.ts';

/** What an operation may do besides calling the server. */
export interface Worker {
  readonly plan: LoadPlan;
  /** Seeded: the same seed makes the same choices (not the same timings). */
  readonly random: () => number;
  call(name: string, call: Call, expected: readonly number[], audit: AuditRule): Promise<Answer>;
  acknowledge(booking: { key: string; requestId: string; appointmentId?: string }): void;
  refused(key: string): void;
  probe(name: string, passed: boolean): void;
  nextPatient(): Ref;
  nextKey(): string;
}

/** How many audit events an answer must have written. */
export type AuditRule = number | ((answer: Answer) => number);

export interface Operation {
  readonly name: string;
  /** Relative share of the workload. */
  readonly weight: number;
  run(worker: Worker): Promise<void>;
}

export const STANDARD = 'nonurgent-nonphysician-mh';
const DAY_MS = 86_400_000;

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function bearer(plan: LoadPlan, role: keyof LoadPlan['accounts']): string {
  return `Bearer ${plan.accounts[role].token}`;
}

/** A routine intake for `patient`, as a scheduler enters it. */
export function intakeRequest(patient: Ref): Record<string, string> {
  return {
    type: 'routine-intake',
    standard: STANDARD,
    patientId: patient.id,
    clockStart: new Date().toISOString(),
    center: patient.centerId,
  };
}

/** Audit events of a booking's answer: the request, and its appointment when booked. */
export function bookingAudit(answer: Answer): number {
  if (answer.status === 201) return 2;
  return answer.status === 202 ? 1 : 0;
}

export async function availability(
  worker: Worker,
  patient: Ref,
  name = 'availability',
): Promise<Answer> {
  const query = new URLSearchParams(intakeRequest(patient));
  return worker.call(
    name,
    { path: `/availability?${query}`, authorization: bearer(worker.plan, 'scheduler') },
    [200],
    0,
  );
}

/** Lost races a booking retries with the next option before it gives up. */
const RETRIES = 3;

interface SlotChoice {
  readonly clinicianId: string;
  readonly start: string;
}

/** The option at `index` of `field`, or the last one there is. */
function optionAt(
  json: Record<string, unknown> | null,
  field: string,
  index: number,
): SlotChoice | undefined {
  const options = json?.[field];
  if (!Array.isArray(options) || options.length === 0) return undefined;
  const option = options[Math.min(index, options.length - 1)] as SlotChoice;
  return { clinicianId: option.clinicianId, start: option.start };
}

/** A scheduler whose first pick was taken picks among the first few of the next options. */
const NEXT_PICKS = 3;

/**
 * Books `patient` into the first option, as a scheduler clicks it (so schedulers at one
 * center race for the same slot); a lost race (409) is retried under the same key with
 * one of the next options the problem offers (a 409 stores nothing, so the key is
 * still free).
 */
async function book(worker: Worker): Promise<void> {
  const patient = worker.nextPatient();
  const options = await availability(worker, patient);
  let slot = optionAt(options.json, 'options', 0);
  const key = worker.nextKey();
  for (let attempt = 0; attempt <= RETRIES; attempt += 1) {
    const answer = await worker.call(
      'book',
      {
        method: 'POST',
        path: '/appointments',
        authorization: bearer(worker.plan, 'scheduler'),
        headers: { 'idempotency-key': key },
        body: slot ? { ...intakeRequest(patient), slot } : intakeRequest(patient),
      },
      [201, 202, 409],
      bookingAudit,
    );
    if (answer.status === 201 || answer.status === 202) {
      const json = answer.json ?? {};
      const appointment = json.appointment as { id?: string } | undefined;
      worker.acknowledge({
        key,
        requestId: String(json.requestId),
        ...(appointment?.id ? { appointmentId: appointment.id } : {}),
      });
      return;
    }
    if (answer.status !== 409) return;
    slot = optionAt(answer.json, 'nextOptions', Math.floor(worker.random() * NEXT_PICKS));
    if (!slot) return;
  }
}

/** The dashboards' reads: aggregates (no member named) and the lists that name members. */
const DASHBOARD_READS: readonly {
  readonly name: string;
  readonly role: keyof LoadPlan['accounts'] | 'public';
  readonly path: string;
  readonly audit: AuditRule;
  /** Statuses other than 200 it may answer. */
  readonly also?: readonly number[];
}[] = [
  {
    name: 'dashboard-compliance',
    role: 'compliance',
    path: '/access/compliance?weeks=13',
    audit: 0,
  },
  {
    name: 'dashboard-wait-times',
    role: 'regulator',
    path: '/access/wait-times?weeks=13',
    audit: 0,
  },
  {
    name: 'dashboard-open-requests',
    role: 'scheduler',
    path: '/access/open-requests?atRiskDays=3',
    audit: 0,
  },
  {
    name: 'dashboard-requests-by-week',
    role: 'planner',
    path: '/access/requests-by-week?weeks=13',
    audit: 0,
  },
  // The public page is limited per address, and every call of the run comes from one.
  {
    name: 'public-status',
    role: 'public',
    path: '/public/status?weeks=13',
    audit: 0,
    also: [429],
  },
  {
    name: 'at-risk-list',
    role: 'compliance',
    path: '/access/at-risk?days=3&limit=50',
    audit: recordsShown,
  },
  {
    name: 'breach-list',
    role: 'compliance',
    path: '/access/breaches?limit=50',
    audit: recordsShown,
  },
];

async function dashboard(worker: Worker): Promise<void> {
  const read = pick(worker.random, DASHBOARD_READS);
  await worker.call(
    read.name,
    {
      path: read.path,
      authorization: read.role === 'public' ? undefined : bearer(worker.plan, read.role),
    },
    [200, ...(read.also ?? [])],
    read.audit,
  );
}

function day(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

async function fhir(worker: Worker): Promise<void> {
  const { plan, random } = worker;
  const clinician = pick(random, plan.clinicians);
  const choice = random();
  if (choice < 0.45) {
    await worker.call(
      'fhir-slot',
      {
        path: `/fhir/Slot?schedule=Schedule/${clinician.id}&start=ge${day(0)}&start=lt${day(14)}&_count=100`,
        authorization: bearer(plan, 'scheduler'),
      },
      [200],
      0,
    );
  } else if (choice < 0.9) {
    await worker.call(
      'fhir-appointment',
      {
        path: `/fhir/Appointment?practitioner=Practitioner/${clinician.id}&date=ge${day(-30)}&date=lt${day(30)}&_count=50`,
        authorization: bearer(plan, 'scheduler'),
      },
      [200],
      recordsShown,
    );
  } else {
    await worker.call(
      'fhir-practitioner',
      { path: '/fhir/Practitioner?_count=20', authorization: bearer(plan, 'hotline') },
      [200],
      0,
    );
  }
}

/** Every staff role signs in to the web app; the public has no account. */
const STAFF_ROLES = USER_ROLES;

export interface Session {
  readonly secret: string;
  readonly csrf: string;
}

/** Signs in with a password; the session, or undefined when it was refused. */
export async function signIn(
  worker: Worker,
  role: (typeof STAFF_ROLES)[number],
  name = 'sign-in',
  planted?: string,
): Promise<Session | undefined> {
  const login = worker.plan.accounts[role];
  const answer = await worker.call(
    name,
    {
      method: 'POST',
      path: '/auth/sign-in',
      session: planted,
      body: { name: login.name, password: login.password },
    },
    [200],
    1,
  );
  const csrf = answer.json?.csrfToken;
  if (answer.status !== 200 || answer.setSession === null || typeof csrf !== 'string') {
    return undefined;
  }
  return { secret: answer.setSession, csrf };
}

export async function signOut(worker: Worker, session: Session): Promise<void> {
  await worker.call(
    'sign-out',
    { method: 'POST', path: '/auth/sign-out', session: session.secret, csrf: session.csrf },
    [204],
    1,
  );
}

/** A web session: sign in, look around, sign out; now and then a wrong password. */
async function webSession(worker: Worker): Promise<void> {
  const { plan, random } = worker;
  if (random() < 0.1) {
    await worker.call(
      'sign-in-refused',
      {
        method: 'POST',
        path: '/auth/sign-in',
        body: { name: plan.lockedOutName, password: 'not-the-password' },
      },
      [401],
      1,
    );
    return;
  }
  const session = await signIn(worker, pick(random, STAFF_ROLES));
  if (!session) return;
  await worker.call('me', { path: '/auth/me', session: session.secret }, [200], 0);
  await worker.call(
    'directory',
    { path: `/clinicians?center=${pick(random, plan.centers)}&limit=5`, session: session.secret },
    [200],
    0,
  );
  await signOut(worker, session);
}

export const WORKLOAD: readonly Operation[] = [
  { name: 'availability', weight: 30, run: (w) => availability(w, w.nextPatient()).then(() => {}) },
  { name: 'booking', weight: 25, run: book },
  { name: 'dashboard', weight: 20, run: dashboard },
  { name: 'fhir', weight: 15, run: fhir },
  { name: 'web-session', weight: 4, run: webSession },
];
