/**
 * Attacks on access control, made while the workload runs (a policy that holds only on
 * a quiet server is not a policy):
 *
 * - **role matrix**: a route and a caller picked at random, the answer checked against
 *   the route policy table (`src/auth/policy.ts`): let through, or 401 for the public and
 *   403 for an account. Writes are only tried by callers the policy refuses.
 * - **session fixation**: a cookie the attacker chose, or the attacker's own live
 *   session, sent along with a victim's sign-in: the victim gets a new session, and the
 *   planted one is worth nothing afterwards.
 * - **CSRF**: a booking sent with the session cookie but without the session's CSRF
 *   token, with a made-up one, and with another session's: all refused (403), nothing
 *   stored; with the right token it books.
 * - **IDOR**: the clinician account asks for other clinicians' patients and appointments
 *   by id (404, as if they did not exist) and lists them (403); its own come back.
 */
import { randomBytes } from 'node:crypto';
import { policyOf } from '../src/auth/policy.ts';
import type { CallerRole } from '../src/auth/principal.ts';
import { USER_ROLES } from '../src/db/schema.ts';
import type { Answer } from './load-http.ts';
import { recordsShown } from './load-http.ts';
import type { LoadPlan } from './load-plan.ts';
import {
  type AuditRule,
  bearer,
  bookingAudit,
  intakeRequest,
  type Operation,
  pick,
  signIn,
  signOut,
  type Worker,
} from './load-workload.ts';

const CALLERS: readonly CallerRole[] = [...USER_ROLES, 'public'];

interface MatrixRoute {
  /** The policy table's key: method and route pattern. */
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly route: string;
  readonly path: (plan: LoadPlan) => string;
  readonly body?: unknown;
  /** Audit events of a 200 (a route that names members audits each one shown). */
  readonly audit: AuditRule;
}

const MATRIX: readonly MatrixRoute[] = [
  { method: 'GET', route: '/centers', path: () => '/centers', audit: 0 },
  {
    method: 'GET',
    route: '/clinicians',
    path: (p) => `/clinicians?center=${p.centers[0]}&limit=5`,
    audit: 0,
  },
  {
    method: 'GET',
    route: '/patients',
    path: (p) => `/patients?center=${p.centers[0]}&limit=5`,
    audit: recordsShown,
  },
  {
    method: 'GET',
    route: '/patients/:centerId/:id',
    path: (p) =>
      `/patients/${p.access.otherPatients[0]!.centerId}/${p.access.otherPatients[0]!.id}`,
    audit: 1,
  },
  {
    method: 'GET',
    route: '/requests',
    path: (p) => `/requests?center=${p.centers[0]}&limit=5`,
    audit: recordsShown,
  },
  {
    method: 'GET',
    route: '/access/compliance',
    path: () => '/access/compliance?weeks=13',
    audit: 0,
  },
  {
    method: 'GET',
    route: '/access/at-risk',
    path: () => '/access/at-risk?days=3&limit=5',
    audit: recordsShown,
  },
  {
    method: 'GET',
    route: '/fhir/Patient',
    path: () => '/fhir/Patient?_count=5',
    audit: recordsShown,
  },
  {
    method: 'GET',
    route: '/fhir/Slot',
    path: (p) => {
      const today = new Date().toISOString().slice(0, 10);
      const week = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      return `/fhir/Slot?schedule=Schedule/${p.clinicians[0]!.id}&start=ge${today}&start=lt${week}&_count=5`;
    },
    audit: 0,
  },
  { method: 'GET', route: '/audit-events', path: () => '/audit-events?limit=5', audit: 0 },
  { method: 'GET', route: '/stoppages', path: () => '/stoppages', audit: 0 },
  { method: 'GET', route: '/scenarios', path: () => '/scenarios', audit: 0 },
  // Writes: tried only by callers the policy refuses, so nothing is ever written.
  {
    method: 'POST',
    route: '/appointments',
    path: () => '/appointments',
    body: { type: 'routine-intake' },
    audit: 0,
  },
  {
    method: 'POST',
    route: '/patients',
    path: () => '/patients',
    body: { centerId: 'x', id: 'x', memberNumber: 'x', name: 'x' },
    audit: 0,
  },
  {
    method: 'DELETE',
    route: '/patients/:centerId/:id',
    path: (p) =>
      `/patients/${p.access.otherPatients[1]!.centerId}/${p.access.otherPatients[1]!.id}`,
    audit: 0,
  },
  { method: 'POST', route: '/stoppages', path: () => '/stoppages', body: {}, audit: 0 },
];

function authorizationOf(plan: LoadPlan, caller: CallerRole): string | undefined {
  return caller === 'public' ? undefined : bearer(plan, caller);
}

async function roleMatrix(worker: Worker): Promise<void> {
  const { plan, random } = worker;
  for (;;) {
    const route = pick(random, MATRIX);
    const caller = pick(random, CALLERS);
    const access = policyOf(route.method, route.route)?.[caller];
    // `own` is the IDOR probe's; an allowed write would change the database.
    if (access === 'own' || (access !== undefined && route.method !== 'GET')) continue;
    const allowed = access !== undefined;
    const refusal = caller === 'public' ? 401 : 403;
    const answer = await worker.call(
      `matrix-${allowed ? 'allowed' : 'refused'}`,
      {
        method: route.method,
        path: route.path(plan),
        authorization: authorizationOf(plan, caller),
        body: route.body,
      },
      allowed ? [200] : [refusal],
      allowed ? route.audit : 0,
    );
    worker.probe('role matrix', allowed ? answer.status === 200 : answer.status === refusal);
    return;
  }
}

/** A well-formed session secret nobody was given (43 base64url characters). */
function plantedSecret(): string {
  return randomBytes(32).toString('base64url');
}

async function me(worker: Worker, name: string, secret: string, expected: number): Promise<Answer> {
  return worker.call(name, { path: '/auth/me', session: secret }, [expected], 0);
}

async function sessionFixation(worker: Worker): Promise<void> {
  // 1. A cookie the attacker made up, planted before the victim signs in.
  const planted = plantedSecret();
  const victim = await signIn(worker, 'scheduler', 'fixation-sign-in', planted);
  const plantedAfter = await me(worker, 'fixation-planted', planted, 401);
  let passed = victim !== undefined && victim.secret !== planted && plantedAfter.status === 401;
  if (victim) {
    const mine = await me(worker, 'fixation-victim', victim.secret, 200);
    passed &&= (mine.json?.principal as { role?: string } | undefined)?.role === 'scheduler';
    await signOut(worker, victim);
  }
  // 2. The attacker's own live session, planted: the victim's sign-in ends it.
  const attacker = await signIn(worker, 'hotline', 'fixation-attacker-sign-in');
  if (attacker) {
    const second = await signIn(worker, 'admin', 'fixation-sign-in', attacker.secret);
    const attackerAfter = await me(worker, 'fixation-planted', attacker.secret, 401);
    passed &&= second !== undefined && second.secret !== attacker.secret;
    passed &&= attackerAfter.status === 401;
    if (second) await signOut(worker, second);
  } else {
    passed = false;
  }
  worker.probe('session fixation', passed);
}

async function csrf(worker: Worker): Promise<void> {
  const session = await signIn(worker, 'scheduler', 'csrf-sign-in');
  const other = await signIn(worker, 'planner', 'csrf-sign-in');
  if (!session || !other) {
    worker.probe('csrf', false);
    return;
  }
  let passed = true;
  const tokens: readonly [string, string | undefined][] = [
    ['csrf-missing', undefined],
    ['csrf-made-up', plantedSecret()],
    ['csrf-other-session', other.csrf],
  ];
  for (const [name, token] of tokens) {
    const key = worker.nextKey();
    const answer = await worker.call(
      name,
      {
        method: 'POST',
        path: '/appointments',
        session: session.secret,
        csrf: token,
        headers: { 'idempotency-key': key },
        body: intakeRequest(worker.nextPatient()),
      },
      [403],
      0,
    );
    worker.refused(key);
    passed &&= answer.status === 403;
  }
  // The web app's own write, with the session's token, goes through.
  const key = worker.nextKey();
  const answer = await worker.call(
    'csrf-right-token',
    {
      method: 'POST',
      path: '/appointments',
      session: session.secret,
      csrf: session.csrf,
      headers: { 'idempotency-key': key },
      body: intakeRequest(worker.nextPatient()),
    },
    [201, 202, 409],
    bookingAudit,
  );
  if (answer.status === 201 || answer.status === 202) {
    const appointment = answer.json?.appointment as { id?: string } | undefined;
    worker.acknowledge({
      key,
      requestId: String(answer.json?.requestId),
      ...(appointment?.id ? { appointmentId: appointment.id } : {}),
    });
  }
  passed &&= [201, 202, 409].includes(answer.status);
  await signOut(worker, session);
  await signOut(worker, other);
  worker.probe('csrf', passed);
}

async function idor(worker: Worker): Promise<void> {
  const { plan, random } = worker;
  const { access } = plan;
  const authorization = bearer(plan, 'clinician');
  const other = pick(random, access.otherPatients);
  const otherAppointment = pick(random, access.otherAppointments);
  const otherClinician = pick(random, access.otherClinicians);
  const attempts: readonly [string, string, number, number][] = [
    ['idor-patient', `/patients/${other.centerId}/${other.id}`, 404, 0],
    ['idor-fhir-patient', `/fhir/Patient/${other.id}`, 404, 0],
    ['idor-fhir-appointment', `/fhir/Appointment/${otherAppointment}`, 404, 0],
    [
      'idor-fhir-appointments',
      `/fhir/Appointment?practitioner=Practitioner/${otherClinician.id}`,
      403,
      0,
    ],
    [
      'idor-templates',
      `/templates?center=${otherClinician.centerId}&clinician=${otherClinician.id}`,
      403,
      0,
    ],
    // The clinician's own records: read, and audited.
    ['own-patient', `/patients/${access.ownPatient.centerId}/${access.ownPatient.id}`, 200, 1],
    ['own-fhir-appointment', `/fhir/Appointment/${access.ownAppointment}`, 200, 1],
  ];
  let passed = true;
  for (const [name, path, status, audit] of attempts) {
    const answer = await worker.call(name, { path, authorization }, [status], audit);
    passed &&= answer.status === status;
  }
  worker.probe('idor', passed);
}

export const SECURITY_PROBES: readonly Operation[] = [
  { name: 'role-matrix', weight: 3, run: roleMatrix },
  { name: 'session-fixation', weight: 0.5, run: sessionFixation },
  { name: 'csrf', weight: 0.5, run: csrf },
  { name: 'idor', weight: 1, run: idor },
];
