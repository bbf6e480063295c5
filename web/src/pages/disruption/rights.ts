/**
 * What a role may do on the disruption page, read from the server's own policy table
 * (src/auth/policy.ts) route by route, as the at-risk list decides `mayBook`: a button is
 * offered only when the server would accept its call. Compliance reads everything and is
 * offered no write; a route missing from the table grants nothing (fail closed).
 */
import { policyOf } from '../../../../src/auth/policy.ts';
import type { Role } from '../../../../src/auth/principal.ts';

export interface DisruptionRights {
  readonly declare: boolean;
  /** Correcting who stops work, clinician by clinician, while a draft. */
  readonly correctScope: boolean;
  readonly preview: boolean;
  readonly execute: boolean;
  readonly end: boolean;
  /** The notification list names members: the roles that call them. */
  readonly notifications: boolean;
}

const granted = (role: Role, method: string, route: string) =>
  policyOf(method, route)?.[role] !== undefined;

export function disruptionRights(role: Role): DisruptionRights {
  return {
    declare: granted(role, 'POST', '/stoppages'),
    correctScope: granted(role, 'PATCH', '/stoppages/:id/clinicians'),
    preview: granted(role, 'POST', '/stoppages/:id/preview'),
    execute: granted(role, 'POST', '/stoppages/:id/execute'),
    end: granted(role, 'POST', '/stoppages/:id/end'),
    notifications: granted(role, 'GET', '/stoppages/:id/notifications'),
  };
}

export const NO_RIGHTS: DisruptionRights = {
  declare: false,
  correctScope: false,
  preview: false,
  execute: false,
  end: false,
  notifications: false,
};
