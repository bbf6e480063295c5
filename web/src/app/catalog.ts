/**
 * The pages of the web app and who may open them. A page lists the API routes it
 * reads; a role may open it when src/auth/policy.ts (the server's own table, imported
 * here) grants that role every one of them. So the menu never offers a page whose data
 * the server would refuse, and a new policy entry changes the menu with no edit here.
 */
import { policyOf } from '../../../src/auth/policy.ts';
import type { CallerRole } from '../../../src/auth/principal.ts';

export type PageId =
  | 'overview'
  | 'scheduler'
  | 'at-risk'
  | 'breaches'
  | 'disruption'
  | 'hotline'
  | 'simulator'
  | 'clinicians';

export interface PageSpec {
  readonly id: PageId;
  readonly title: string;
  readonly path: string;
  /** The API routes the page reads, as the policy names them (`GET /clinicians`). */
  readonly reads: readonly string[];
}

export const SIGN_IN_PATH = '/app/sign-in';

/** In menu order: the first a role may open is its home page. */
export const PAGES: readonly PageSpec[] = [
  {
    id: 'overview',
    title: 'Access overview',
    path: '/app/overview',
    reads: [
      'GET /access/requests-by-week',
      'GET /access/compliance',
      'GET /access/wait-times',
      'GET /access/open-requests',
      'GET /access/provider-survey',
      'GET /access/utilisation',
    ],
  },
  {
    id: 'scheduler',
    title: 'Scheduler',
    path: '/app/scheduler',
    reads: [
      'GET /requests',
      'GET /requests/:centerId/:id/availability',
      'POST /requests/:centerId/:id/book',
      'GET /availability',
      'POST /appointments',
      'GET /patients',
      'GET /templates',
      'GET /fhir/Slot',
      'GET /fhir/Appointment',
      'GET /clinicians',
      'GET /clinicians/:centerId/:id',
      'GET /centers',
    ],
  },
  {
    // Booking from a row (GET …/availability, POST …/book) is offered only to the
    // roles that may: compliance reads the list without them.
    id: 'at-risk',
    title: 'At risk',
    path: '/app/at-risk',
    reads: ['GET /access/at-risk', 'GET /centers'],
  },
  {
    id: 'breaches',
    title: 'Breaches',
    path: '/app/breaches',
    reads: ['GET /access/breaches', 'GET /centers'],
  },
  {
    // Declaring, previewing, executing and ending (the POSTs) are offered only to the
    // roles that may: compliance reads stoppages, plans and reports without them.
    id: 'disruption',
    title: 'Disruption',
    path: '/app/disruption',
    reads: [
      'GET /stoppages',
      'GET /stoppages/:id',
      'GET /stoppages/:id/plan',
      'GET /stoppages/:id/report',
      'GET /stoppages/:id/execution',
      'GET /stoppages/:id/clinicians',
      'GET /centers',
      'GET /clinicians',
      'GET /clinicians/:centerId/:id',
    ],
  },
  {
    // Recording and working cases (POST, PATCH) is offered only to the roles that may:
    // compliance reads the cases without them.
    id: 'hotline',
    title: 'Hotline',
    path: '/app/hotline',
    reads: [
      'GET /hotline/cases',
      'GET /hotline/cases/:centerId/:id',
      'GET /hotline/assignees',
      'GET /centers',
    ],
  },
  {
    id: 'simulator',
    title: 'Simulator',
    path: '/app/simulator',
    reads: ['GET /scenarios'],
  },
  {
    id: 'clinicians',
    title: 'Clinicians',
    path: '/app/clinicians',
    reads: ['GET /clinicians', 'GET /centers'],
  },
];

export function mayOpen(role: CallerRole, page: PageSpec): boolean {
  return page.reads.every((route) => {
    const [method = '', url = ''] = route.split(' ');
    return policyOf(method, url)?.[role] !== undefined;
  });
}

export function pagesFor(role: CallerRole): readonly PageSpec[] {
  return PAGES.filter((page) => mayOpen(role, page));
}

export function pageAt(path: string): PageSpec | undefined {
  return PAGES.find((page) => page.path === path);
}

/** Where a signed-in role lands: its first page (every role has the clinicians one). */
export function homeFor(role: CallerRole): string {
  return pagesFor(role)[0]?.path ?? '/app/none';
}
