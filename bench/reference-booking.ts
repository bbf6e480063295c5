/**
 * The straightforward reference the booking benchmark measures the engine against:
 * for each request in priority order, scan every clinician's slots in order and take
 * the earliest that fits. Same policy as the engine (own clinician first for follow-ups,
 * referral or late booking when nothing meets the deadline), no indexes. It reuses the
 * compiled slot list so that only the search differs.
 */

import type { RequestInput } from '../src/engine/booking/model.ts';
import { SLOT_KINDS } from '../src/engine/booking/model.ts';
import type { CompiledNetwork } from '../src/engine/booking/network.ts';
import { IN_PERSON, VIDEO } from '../src/engine/booking/network.ts';
import { DEFAULT_POLICY } from '../src/engine/booking/policy.ts';
import { californiaStandards } from '../src/engine/rules/standards.ts';
import type { Instant } from '../src/engine/time.ts';

export interface ReferenceResult {
  /** Per request (input order): the slot booked, or -1 (referred out or waiting). */
  readonly slot: Int32Array;
}

function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * r) / 2) ** 2 +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function referencePlace(
  net: CompiledNetwork,
  requests: readonly RequestInput[],
): ReferenceResult {
  const centers = net.source.centers;
  const clinicians = net.source.clinicians;
  const taken = new Uint8Array(net.slotCount);
  const visits = new Map<string, number>();
  const caseload = Int32Array.from(net.initialCaseload);
  const items = requests.map((q, i) => {
    const standard = californiaStandards.get(q.standard);
    return {
      q,
      i,
      urgent: standard.urgent,
      deadline: net.index.deadline(standard.limit, q.clockStart as Instant),
      minStart: Math.max(q.clockStart, q.notBefore ?? q.clockStart),
      prior: q.priorClinician === undefined ? -1 : net.clinicianIndex.get(q.priorClinician)!,
    };
  });
  items.sort(
    (a, b) =>
      Number(b.urgent) - Number(a.urgent) ||
      a.deadline - b.deadline ||
      a.q.clockStart - b.q.clockStart ||
      a.i - b.i,
  );
  const slotOf = new Int32Array(requests.length).fill(-1);
  const kindOf = (q: RequestInput) => SLOT_KINDS.indexOf(DEFAULT_POLICY.slotKind[q.type]);

  const fits = (s: number, item: (typeof items)[number], newPatient: boolean): boolean => {
    const c = net.slotClinician[s]!;
    const q = item.q;
    if (taken[s] || net.slotKind[s] !== kindOf(q) || net.slotStart[s]! < item.minStart)
      return false;
    const key = `${c}:${net.slotDay[s]}`;
    if ((visits.get(key) ?? 0) >= net.dayCap[c * net.days + net.slotDay[s]!]!) return false;
    if (newPatient && caseload[c]! >= net.caseloadCap[c]!) return false;
    const clinician = clinicians[c]!;
    if (!clinician.languages.includes(q.language ?? 'en')) return false;
    const physician = net.physicianDiscipline[net.clinicianDiscipline[c]!] === 1;
    if (q.type === 'followup' && item.prior >= 0) {
      if (net.clinicianDiscipline[c] !== net.clinicianDiscipline[item.prior]) return false;
    } else if (physician !== (q.type === 'psychiatry')) return false;
    const modality = q.modality ?? 'any';
    const video = modality !== 'in-person' && (net.clinicianModalities[c]! & VIDEO) !== 0;
    const home = q.center === undefined ? undefined : centers[net.centerIndex.get(q.center)!];
    const inPerson =
      modality !== 'video' &&
      home !== undefined &&
      (net.clinicianModalities[c]! & IN_PERSON) !== 0 &&
      km(home, centers[net.clinicianCenter[c]!]!) <= (q.maxTravelKm ?? 25);
    return video || inPerson;
  };

  for (const item of items) {
    let best = -1;
    // A follow-up stays with the own clinician when they can serve it inside the deadline.
    if (item.prior >= 0 && item.q.type === 'followup') {
      for (let s = 0; s < net.slotCount; s++) {
        if (net.slotClinician[s] !== item.prior || net.slotStart[s]! > item.deadline) continue;
        if (!fits(s, item, false)) continue;
        if (best < 0 || net.slotStart[s]! < net.slotStart[best]!) best = s;
      }
    }
    if (best < 0) {
      for (let s = 0; s < net.slotCount; s++) {
        if (!fits(s, item, true)) continue;
        if (
          best < 0 ||
          net.slotStart[s]! < net.slotStart[best]! ||
          (net.slotStart[s] === net.slotStart[best] &&
            net.slotClinician[s]! < net.slotClinician[best]!)
        ) {
          best = s;
        }
      }
    }
    if (best < 0) continue;
    const c = net.slotClinician[best]!;
    taken[best] = 1;
    const key = `${c}:${net.slotDay[best]}`;
    visits.set(key, (visits.get(key) ?? 0) + 1);
    if (item.q.type !== 'followup' || c !== item.prior) caseload[c]!++;
    slotOf[item.i] = best;
  }
  return { slot: slotOf };
}
