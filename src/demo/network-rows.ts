/**
 * An engine network as database rows: medical centers, clinicians, and one copy of each
 * clinician's weekly template per assignment (the database keeps a template per
 * clinician and period; docs/database.md), with its sessions and admin blocks.
 */

import { arrayLiteral } from '../db/array-literal.ts';
import type { NetworkInput } from '../engine/booking/model.ts';
import type { TableLoad } from './bulk-load.ts';

const TEXT = 'text';
const INT = 'int4';

/** `names` maps clinician ids to display names; a clinician without one is "Clinician ID". */
export function networkTables(
  network: NetworkInput,
  names: ReadonlyMap<string, string> = new Map(),
): TableLoad[] {
  const templates = new Map(network.templates.map((t) => [t.id, t]));
  const templateRows: unknown[][] = [];
  const sessionRows: unknown[][] = [];
  const adminRows: unknown[][] = [];
  for (const c of network.clinicians) {
    c.schedule.forEach((assignment, k) => {
      const template = templates.get(assignment.template);
      if (!template) throw new Error(`clinician ${c.id}: no template "${assignment.template}"`);
      const id = `${c.id}-t${k}`;
      templateRows.push([
        c.center,
        id,
        c.id,
        template.id,
        assignment.from,
        assignment.to ?? null,
        template.dailyVisitCap ?? null,
      ]);
      for (const s of template.sessions) {
        sessionRows.push([
          c.center,
          `${id}-s${sessionRows.length}`,
          id,
          s.weekday,
          s.start,
          s.minutes,
          s.kind,
        ]);
      }
      for (const a of template.adminBlocks ?? []) {
        const label = a.label ?? 'planning & preparation';
        adminRows.push([
          c.center,
          `${id}-a${adminRows.length}`,
          id,
          a.weekday,
          a.start,
          a.minutes,
          label,
        ]);
      }
    });
  }
  const sessionColumns = [
    { name: 'center_id', type: TEXT },
    { name: 'id', type: TEXT },
    { name: 'template_id', type: TEXT },
    { name: 'weekday', type: INT },
    { name: 'start_time', type: 'time' },
    { name: 'minutes', type: INT },
  ];
  return [
    {
      table: 'medical_centers',
      columns: [
        { name: 'id', type: TEXT },
        { name: 'name', type: TEXT },
        { name: 'lat', type: 'float8' },
        { name: 'lon', type: 'float8' },
      ],
      rows: network.centers.map((c) => [c.id, c.name || c.id, c.lat, c.lon]),
    },
    {
      table: 'clinicians',
      columns: [
        { name: 'center_id', type: TEXT },
        { name: 'id', type: TEXT },
        { name: 'name', type: TEXT },
        { name: 'discipline', type: TEXT },
        { name: 'languages', type: 'text[]' },
        { name: 'modalities', type: 'text[]' },
        { name: 'caseload_cap', type: INT },
        { name: 'union_member', type: 'boolean' },
      ],
      rows: network.clinicians.map((c) => [
        c.center,
        c.id,
        names.get(c.id) ?? `Clinician ${c.id}`,
        c.discipline,
        arrayLiteral(c.languages),
        arrayLiteral(c.modalities),
        c.caseloadCap ?? null,
        // The therapists' union; psychiatrists (physicians) are outside the unit.
        c.discipline !== 'psychiatrist',
      ]),
    },
    {
      // The external network the disruption plan refers out to (docs/disruption.md).
      table: 'external_providers',
      columns: [
        { name: 'id', type: TEXT },
        { name: 'name', type: TEXT },
        { name: 'disciplines', type: 'text[]' },
        { name: 'languages', type: 'text[]' },
        { name: 'modalities', type: 'text[]' },
        { name: 'center_ids', type: 'text[]' },
        { name: 'weekly_capacity', type: INT },
        { name: 'lead_days', type: INT },
        { name: 'visit_minutes', type: INT },
      ],
      rows: (network.externalProviders ?? []).map((p) => [
        p.id,
        `External provider ${p.id}`,
        arrayLiteral(p.disciplines),
        arrayLiteral(p.languages),
        arrayLiteral(p.modalities),
        arrayLiteral(p.centers ?? []),
        p.weeklyCapacity,
        p.leadDays,
        p.visitMinutes ?? 60,
      ]),
    },
    {
      table: 'templates',
      columns: [
        { name: 'center_id', type: TEXT },
        { name: 'id', type: TEXT },
        { name: 'clinician_id', type: TEXT },
        { name: 'name', type: TEXT },
        { name: 'effective_from', type: 'date' },
        { name: 'effective_to', type: 'date' },
        { name: 'daily_visit_cap', type: INT },
      ],
      rows: templateRows,
    },
    {
      table: 'template_sessions',
      columns: [...sessionColumns, { name: 'kind', type: TEXT }],
      rows: sessionRows,
    },
    {
      table: 'admin_blocks',
      columns: [...sessionColumns, { name: 'label', type: TEXT }],
      rows: adminRows,
    },
  ];
}
