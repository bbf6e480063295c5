/**
 * A request's "profile": everything about it that decides which slots fit — type,
 * language, modality, home center and travel radius, discipline — compiled once into
 * the list of pools that can serve it. Thousands of requests share a profile, so
 * profiles are cached by key.
 */

import type { RequestType } from './model.ts';
import { REQUEST_TYPES, SLOT_KINDS } from './model.ts';
import { type CompiledNetwork, IN_PERSON, poolKey, VIDEO } from './network.ts';
import type { BookingPolicy } from './policy.ts';

/** What decides a request's profile; `center` is the center's number, or -1. */
export interface ProfileQuery {
  readonly type: RequestType;
  readonly language: string;
  readonly modality: 'in-person' | 'video' | 'any';
  readonly center: number;
  readonly maxTravelKm: number;
}

export interface Profile {
  readonly key: string;
  /** Pools whose slots fit, searched together; ordered for determinism only. */
  readonly pools: Int32Array;
  /** membership[p] = 1 when pool p fits (for offering a freed slot to a waitlist). */
  readonly membership: Uint8Array;
  readonly kind: number;
  /** Centers within travel for in-person care. */
  readonly inPersonCenters: readonly number[];
  readonly wantsInPerson: boolean;
  readonly wantsVideo: boolean;
  readonly disciplines: readonly number[];
  readonly language: string;
}

const EARTH_RADIUS_KM = 6371;

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export class ProfileCache {
  private readonly cache = new Map<string, Profile>();
  private readonly distance: Float64Array;

  constructor(
    private readonly net: CompiledNetwork,
    private readonly policy: BookingPolicy,
  ) {
    const centers = net.source.centers;
    const n = centers.length;
    this.distance = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) this.distance[i * n + j] = distanceKm(centers[i]!, centers[j]!);
    }
  }

  disciplinesFor(type: RequestType, priorDiscipline: number): number[] {
    if (type === 'followup' && priorDiscipline >= 0) return [priorDiscipline];
    const rule = this.policy.disciplines[type];
    const net = this.net;
    if (rule === 'physician' || rule === 'non-physician') {
      const wantPhysician = rule === 'physician' ? 1 : 0;
      const out: number[] = [];
      for (let d = 0; d < net.disciplineIds.length; d++) {
        if (net.physicianDiscipline[d] === wantPhysician) out.push(d);
      }
      return out;
    }
    return rule
      .map((id) => net.disciplineIndex.get(id))
      .filter((d): d is number => d !== undefined);
  }

  private readonly byNumber = new Map<number, Profile>();
  private readonly languageNumbers = new Map<string, number>();

  /**
   * Profiles are looked up for every request, so the common case avoids building a
   * string: every field that decides the profile packed into one safe integer.
   */
  private numericKey(request: ProfileQuery, center: number, priorDiscipline: number): number {
    let language = this.languageNumbers.get(request.language);
    if (language === undefined) {
      language = this.languageNumbers.size;
      this.languageNumbers.set(request.language, language);
    }
    const travel = request.maxTravelKm;
    if (!Number.isInteger(travel) || travel > 4095 || language > 1023 || center > 1022) return -1;
    const type = REQUEST_TYPES.indexOf(request.type);
    const modality = request.modality === 'in-person' ? 0 : request.modality === 'video' ? 1 : 2;
    // 3 + 2 + 10 + 10 + 12 + 6 bits = 43 bits < 2^53.
    return (
      ((((type * 4 + modality) * 1024 + language) * 1024 + (center + 1)) * 4096 + travel) * 64 +
      (priorDiscipline + 1)
    );
  }

  profileOf(request: ProfileQuery, priorClinician: number): Profile {
    const net = this.net;
    const priorDiscipline = priorClinician >= 0 ? net.clinicianDiscipline[priorClinician]! : -1;
    const center = request.center;
    const fast = priorDiscipline < 63 ? this.numericKey(request, center, priorDiscipline) : -1;
    if (fast >= 0) {
      const hit = this.byNumber.get(fast);
      if (hit) return hit;
    }
    const key = `${request.type}|${request.language}|${request.modality}|${center}|${request.maxTravelKm}|${priorDiscipline}`;
    const cached = this.cache.get(key);
    if (cached) {
      if (fast >= 0) this.byNumber.set(fast, cached);
      return cached;
    }

    const kind = SLOT_KINDS.indexOf(this.policy.slotKind[request.type]);
    const disciplines = this.disciplinesFor(request.type, priorDiscipline);
    const wantsInPerson = request.modality !== 'video' && center >= 0;
    const wantsVideo = request.modality !== 'in-person';
    const n = net.centerIds.length;
    const inPersonCenters: number[] = [];
    if (wantsInPerson) {
      for (let c = 0; c < n; c++) {
        if (this.distance[center * n + c]! <= request.maxTravelKm) inPersonCenters.push(c);
      }
    }
    const pools: number[] = [];
    const add = (c: number, d: number, modality: number) => {
      const p = net.poolIndex.get(poolKey(c, d, request.language, modality, kind));
      if (p !== undefined && !pools.includes(p)) pools.push(p);
    };
    for (const d of disciplines) {
      for (const c of inPersonCenters) add(c, d, IN_PERSON);
      if (wantsVideo) for (let c = 0; c < n; c++) add(c, d, VIDEO);
    }
    const membership = new Uint8Array(net.poolCount);
    for (const p of pools) membership[p] = 1;
    const profile: Profile = {
      key,
      pools: Int32Array.from(pools),
      membership,
      kind,
      inPersonCenters,
      wantsInPerson,
      wantsVideo,
      disciplines,
      language: request.language,
    };
    this.cache.set(key, profile);
    if (fast >= 0) this.byNumber.set(fast, profile);
    return profile;
  }
}
