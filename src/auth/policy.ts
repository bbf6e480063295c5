/**
 * Who may call which route: one declared table, route × role → access. The server looks
 * every request up here before its handler runs; a route without an entry is refused,
 * and the server will not even start with one (`assertEveryRouteHasPolicy`).
 *
 * Access is `all` (every row the route can return) or `own` (a `clinician` account:
 * only rows about its own clinician — its schedule, its templates, its patients). A
 * route granting `own` must scope its query by the caller's clinician (`ownRows`); the
 * role-matrix test checks that it does.
 *
 * Principles: least privilege (a role gets what its work needs: SPEC.md, users);
 * personal health information (patients, requests, appointments) only to the roles
 * that book, treat or answer for members; the public reaches no person at all.
 */
import type { CallerRole } from './principal.ts';

export type Access = 'all' | 'own';
export type RoutePolicy = Readonly<Partial<Record<CallerRole, Access>>>;

const grant = (roles: readonly CallerRole[], access: Access = 'all'): RoutePolicy =>
  Object.fromEntries(roles.map((role) => [role, access]));

/** Every account, whatever its role. */
const STAFF: readonly CallerRole[] = [
  'admin',
  'scheduler',
  'clinician',
  'compliance',
  'regulator',
  'hotline',
  'planner',
];
const ANYONE: readonly CallerRole[] = [...STAFF, 'public'];

/** Network records that name no patient: the directory of centers and clinicians. */
const DIRECTORY = grant(STAFF);
/** Changes to the network's records. */
const ADMIN = grant(['admin']);
/** Templates: the schedulers keep them; a clinician sees their own. */
const TEMPLATES_READ: RoutePolicy = {
  ...grant(['admin', 'scheduler', 'planner', 'compliance']),
  clinician: 'own',
};
const TEMPLATES_WRITE = grant(['admin', 'scheduler']);
/** Members' records: who books them and who answers their complaints. */
const PATIENTS_LIST = grant(['admin', 'scheduler', 'hotline']);
/** One member's record: those, and a clinician the member has an appointment with. */
const PATIENT_READ: RoutePolicy = { ...PATIENTS_LIST, clinician: 'own' };
const PATIENTS_WRITE = grant(['admin', 'scheduler']);
/** Booking acts on a member's care. */
const BOOKING = grant(['admin', 'scheduler']);
/** Appointments read back: schedulers, and a clinician their own schedule. */
const APPOINTMENTS_READ: RoutePolicy = { ...grant(['admin', 'scheduler']), clinician: 'own' };
/** Counts over many members' requests, naming none: who answers for access, or plans it. */
const AGGREGATES = grant(['admin', 'scheduler', 'compliance', 'regulator', 'planner']);

/** Lists of members' requests (at risk, breached): no regulator, planner or hotline. */
const ACCESS_LISTS = grant(['admin', 'scheduler', 'compliance']);

/**
 * Hotline cases (a member's complaint and care): the hotline works them, admins too;
 * compliance officers read them. The regulator gets their counts only.
 */
const HOTLINE_READ = grant(['hotline', 'admin', 'compliance']);
const HOTLINE_WRITE = grant(['hotline', 'admin']);
const HOTLINE_COUNTS = grant(['hotline', 'admin', 'compliance', 'regulator']);

/**
 * The disruption plan (docs/disruption.md): the schedulers run it, admins too;
 * compliance officers follow it read-only. The notification list names members
 * (names, member numbers): only those who call them.
 */
const DISRUPTION_READ = grant(['admin', 'scheduler', 'compliance']);
const DISRUPTION_WRITE = grant(['admin', 'scheduler']);

/** The simulator and its scenarios: who plans the network, or answers for its access. */
const PLANNING = grant(['admin', 'scheduler', 'compliance', 'regulator', 'planner']);

export const ROUTE_POLICY: Readonly<Record<string, RoutePolicy>> = {
  // Liveness and the API's own description are public.
  'GET /healthz': grant(ANYONE),
  'GET /readyz': grant(ANYONE),
  'GET /openapi.json': grant(ANYONE),
  'GET /docs': grant(ANYONE),
  'GET /docs/': grant(ANYONE),
  'GET /docs/json': grant(ANYONE),
  'GET /docs/yaml': grant(ANYONE),
  'GET /docs/static/*': grant(ANYONE),
  'GET /docs/static/index.html': grant(ANYONE),
  'GET /docs/static/swagger-initializer.js': grant(ANYONE),

  // The web app's page and scripts hold no data (web.ts): anyone may load them.
  'GET /': grant(ANYONE),
  'GET /app': grant(ANYONE),
  'GET /app/*': grant(ANYONE),
  'GET /assets/*': grant(ANYONE),

  // Signing in needs no account; the rest of the session's life needs one.
  'POST /auth/sign-in': grant(ANYONE),
  'POST /auth/sign-out': grant(STAFF),
  'GET /auth/me': grant(STAFF),

  'GET /centers': grant(ANYONE),
  'GET /centers/:id': grant(ANYONE),
  'POST /centers': ADMIN,
  'PATCH /centers/:id': ADMIN,
  'DELETE /centers/:id': ADMIN,

  'GET /clinicians': DIRECTORY,
  'GET /clinicians/:centerId/:id': DIRECTORY,
  'POST /clinicians': ADMIN,
  'PATCH /clinicians/:centerId/:id': ADMIN,
  'DELETE /clinicians/:centerId/:id': ADMIN,

  'GET /templates': TEMPLATES_READ,
  'GET /templates/:centerId/:id': TEMPLATES_READ,
  'POST /templates': TEMPLATES_WRITE,
  'PATCH /templates/:centerId/:id': TEMPLATES_WRITE,
  'DELETE /templates/:centerId/:id': TEMPLATES_WRITE,

  'GET /patients': PATIENTS_LIST,
  'GET /patients/:centerId/:id': PATIENT_READ,
  'POST /patients': PATIENTS_WRITE,
  'PATCH /patients/:centerId/:id': PATIENTS_WRITE,
  'DELETE /patients/:centerId/:id': ADMIN,

  'GET /availability': BOOKING,
  'POST /appointments': BOOKING,
  'POST /appointments/:centerId/:id/cancel': BOOKING,
  'POST /appointments/:centerId/:id/reschedule': BOOKING,
  // The queue of requests waiting to be placed, and placing one.
  'GET /requests': BOOKING,
  'GET /requests/:centerId/:id': BOOKING,
  'GET /requests/:centerId/:id/availability': BOOKING,
  'POST /requests/:centerId/:id/book': BOOKING,

  'GET /access/requests-by-week': AGGREGATES,
  'GET /access/compliance': AGGREGATES,
  'GET /access/wait-times': AGGREGATES,
  'GET /access/open-requests': AGGREGATES,
  'GET /access/utilisation': AGGREGATES,
  'GET /access/provider-survey': AGGREGATES,
  // Lists naming members' requests (at risk, breached): who books them and who answers
  // for access; compliance reads them, and only the booking roles act on a row.
  'GET /access/at-risk': ACCESS_LISTS,
  'GET /access/breaches': ACCESS_LISTS,

  // The public status page: counts with small ones withheld, naming no one; no sign-in.
  'GET /public/status': grant(ANYONE),

  // Hotline cases (docs/hotline.md): the queue, intake, working a case; the intake
  // form's member look-up; the counts.
  'GET /hotline/cases': HOTLINE_READ,
  'POST /hotline/cases': HOTLINE_WRITE,
  'GET /hotline/cases/:centerId/:id': HOTLINE_READ,
  'PATCH /hotline/cases/:centerId/:id': HOTLINE_WRITE,
  'POST /hotline/cases/:centerId/:id/notes': HOTLINE_WRITE,
  'POST /hotline/cases/:centerId/:id/reopen': HOTLINE_WRITE,
  'POST /hotline/cases/:centerId/:id/match': HOTLINE_WRITE,
  'GET /hotline/members': HOTLINE_WRITE,
  'GET /hotline/assignees': HOTLINE_READ,
  'GET /hotline/metrics': HOTLINE_COUNTS,

  // The disruption plan: stoppages, their plans, execution, whom to notify, the impact.
  'GET /stoppages': DISRUPTION_READ,
  'POST /stoppages': DISRUPTION_WRITE,
  'GET /stoppages/:id': DISRUPTION_READ,
  'GET /stoppages/:id/clinicians': DISRUPTION_READ,
  'PATCH /stoppages/:id/clinicians': DISRUPTION_WRITE,
  'POST /stoppages/:id/preview': DISRUPTION_WRITE,
  'GET /stoppages/:id/plan': DISRUPTION_READ,
  'POST /stoppages/:id/execute': DISRUPTION_WRITE,
  'GET /stoppages/:id/execution': DISRUPTION_READ,
  'POST /stoppages/:id/end': DISRUPTION_WRITE,
  'GET /stoppages/:id/report': DISRUPTION_READ,
  'PUT /stoppages/:id/prediction': DISRUPTION_WRITE,
  'GET /stoppages/:id/notifications': DISRUPTION_WRITE,

  // The simulator's example scenarios: model inputs, no member or clinician named.
  'GET /scenarios': PLANNING,

  // The audit trail is the compliance officers' (and not the admins' they audit).
  'GET /audit-events': grant(['compliance']),
  'GET /fhir/AuditEvent': grant(['compliance']),
  'GET /fhir/AuditEvent/:id': grant(['compliance']),

  // The FHIR face: the same rules as the REST routes for the same records.
  'GET /fhir/metadata': grant(ANYONE),
  'GET /fhir/Practitioner': DIRECTORY,
  'GET /fhir/Practitioner/:id': DIRECTORY,
  'GET /fhir/PractitionerRole': DIRECTORY,
  'GET /fhir/PractitionerRole/:id': DIRECTORY,
  'GET /fhir/Schedule': DIRECTORY,
  'GET /fhir/Schedule/:id': DIRECTORY,
  'GET /fhir/Slot': grant(['admin', 'scheduler', 'planner']),
  'GET /fhir/Slot/:id': grant(['admin', 'scheduler', 'planner']),
  'GET /fhir/Patient': PATIENTS_LIST,
  'GET /fhir/Patient/:id': PATIENT_READ,
  'GET /fhir/Appointment': APPOINTMENTS_READ,
  'GET /fhir/Appointment/:id': APPOINTMENTS_READ,
  'POST /fhir/Appointment': BOOKING,
};

/** The policy key of a route: `METHOD /path/:param`; HEAD is allowed as its GET is. */
export function policyKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

export function policyOf(method: string, url: string): RoutePolicy | undefined {
  return ROUTE_POLICY[policyKey(method, url)];
}
