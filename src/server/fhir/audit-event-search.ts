/**
 * Read and search of `AuditEvent` (the audit trail as FHIR, `audit-event.ts`), for the
 * `compliance` role (src/auth/policy.ts). Reading the trail is not a read of health
 * information (the rows hold ids and codes), so it records no events of its own.
 *
 * Search parameters (`search-definitions.ts`) follow their R4 definitions over what the
 * resource holds: `patient` and `entity=Patient/{id}` match the record and the member
 * entity alike, `entity-type` the record's type. Results come oldest first (by
 * `recorded`, then id), in keyset pages like every search.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { AUDIT_ACTIONS, type Database, USER_ROLES } from '../../db/schema.ts';
import { COMMAND_LINE_ROLE } from '../audit.ts';
import type { SortSpec } from '../pagination.ts';
import {
  AUDIT_SYSTEMS,
  OUTCOME_CODES,
  RECORD_RESOURCE_TYPES,
  toAuditEvent,
} from './audit-event.ts';
import { badParameter } from './outcome.ts';
import {
  isTimelyId,
  type ParsedSearch,
  parseDateRange,
  parseReferences,
  parseTokens,
} from './search-params.ts';
import { first, type TypeHandlers, tablePage } from './table-search.ts';

const BY_RECORDED: SortSpec = { columns: { recorded: 'recorded_at' }, key: ['id'] };

const AGENT_ROLES = [...USER_ROLES, 'public', COMMAND_LINE_ROLE] as const;
const ENTITY_RESOURCE_TYPES = Object.values(RECORD_RESOURCE_TYPES);
const OUTCOMES = Object.values(OUTCOME_CODES);

type Where = ExpressionBuilder<Database, 'audit_events'>;

export const auditEventHandlers: TypeHandlers = {
  async read(db, id) {
    const row = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toAuditEvent(row);
  },

  async search(db, search) {
    const conditions = searchConditions(search);
    let query = db.selectFrom('audit_events');
    for (const condition of conditions) query = query.where(condition);
    return tablePage(query, BY_RECORDED, 'recorded', search, toAuditEvent);
  },
};

type Condition = (eb: Where) => Expression<SqlBool>;

/** Each parameter given as a condition on the row; they are ANDed. */
function searchConditions(search: ParsedSearch): Condition[] {
  const conditions: Condition[] = [];
  const patient = first(search, 'patient');
  if (patient !== undefined) {
    const ids = parseReferences('patient', patient, 'Patient');
    conditions.push((eb) => aboutPatient(eb, ids));
  }
  const entity = first(search, 'entity');
  if (entity !== undefined) {
    const { patients, appointments } = parseEntities(entity);
    conditions.push((eb) =>
      eb.or([
        ...(patients.length > 0 ? [aboutPatient(eb, patients)] : []),
        ...(appointments.length > 0
          ? [eb.and([eb('entity_type', '=', 'Appointment'), eb('entity_id', 'in', appointments)])]
          : []),
      ]),
    );
  }
  const agent = first(search, 'agent');
  if (agent !== undefined) {
    const ids = parseAccountIds(agent);
    conditions.push((eb) => eb('actor_user_id', 'in', ids));
  }
  const role = first(search, 'agent-role');
  if (role !== undefined) {
    const roles = parseTokens('agent-role', role, AGENT_ROLES, AUDIT_SYSTEMS.role);
    conditions.push((eb) => eb('actor_role', 'in', roles));
  }
  const entityType = first(search, 'entity-type');
  if (entityType !== undefined) {
    const codes = parseTokens(
      'entity-type',
      entityType,
      ENTITY_RESOURCE_TYPES,
      AUDIT_SYSTEMS.resourceType,
    );
    const stored = Object.entries(RECORD_RESOURCE_TYPES)
      .filter(([, type]) => codes.includes(type))
      .map(([stored]) => stored);
    conditions.push((eb) => eb('entity_type', 'in', stored));
  }
  const action = first(search, 'action');
  if (action !== undefined) {
    const actions = parseTokens('action', action, AUDIT_ACTIONS, AUDIT_SYSTEMS.action);
    conditions.push((eb) => eb('action', 'in', actions));
  }
  const outcome = first(search, 'outcome');
  if (outcome !== undefined) {
    const codes = parseTokens('outcome', outcome, OUTCOMES, AUDIT_SYSTEMS.outcome);
    const stored = (['success', 'failure'] as const).filter((o) =>
      codes.includes(OUTCOME_CODES[o]),
    );
    conditions.push((eb) => eb('outcome', 'in', stored));
  }
  const dates = search.params.get('date');
  if (dates !== undefined) {
    const range = parseDateRange('date', dates);
    if (range.from !== undefined) {
      const from = new Date(range.from);
      conditions.push((eb) => eb('recorded_at', '>=', from));
    }
    if (range.to !== undefined) {
      const to = new Date(range.to);
      conditions.push((eb) => eb('recorded_at', '<', to));
    }
  }
  return conditions;
}

/** Events whose record is the member, or whose member entity is: `Patient/{id}` in either. */
function aboutPatient(eb: Where, ids: readonly string[]): Expression<SqlBool> {
  return eb.or([
    eb('patient_id', 'in', ids),
    eb.and([eb('entity_type', '=', 'Patient'), eb('entity_id', 'in', ids)]),
  ]);
}

/** `Patient/{id}`, `Appointment/{id}` or a bare id (either), comma-separated (OR). */
function parseEntities(value: string): { patients: string[]; appointments: string[] } {
  const patients: string[] = [];
  const appointments: string[] = [];
  for (const reference of value.split(',')) {
    const parts = reference.split('/');
    const id = parts.at(-1) ?? '';
    const type = parts.length > 1 ? parts.at(-2) : undefined;
    if (!isTimelyId(id) || (type !== undefined && type !== 'Patient' && type !== 'Appointment')) {
      throw badParameter('entity', `"${reference}" is not a Patient or Appointment reference`);
    }
    if (type !== 'Appointment') patients.push(id);
    if (type !== 'Patient') appointments.push(id);
  }
  return { patients, appointments };
}

/** Accounts are not resources: `agent` takes their ids (agent.who.identifier values). */
function parseAccountIds(value: string): string[] {
  return value.split(',').map((id) => {
    if (!isTimelyId(id)) throw badParameter('agent', `"${id}" is not an account id`);
    return id;
  });
}
