/**
 * A request's "profile": everything about it that decides which slots fit — type,
 * language, modality, home center and travel radius, discipline — compiled once into
 * the list of pools that can serve it. Thousands of requests share a profile, so
 * profiles are cached by key.
 */

import type { RequestType } from './model.ts';
import { SLOT_KINDS } from './model.ts';
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
  /** Its number in the cache (see `ProfileCache.at`), so a request can keep it in a column. */
  readonly number: number;
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
  /** Profiles by number. */
  private readonly list: Profile[] = [];
  private readonly distance: Float64Array;
  /** Per center, the distances to every center in increasing order. */
  private readonly sortedDistances: Float64Array[];

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
    this.sortedDistances = Array.from({ length: n }, (_, i) =>
      this.distance.slice(i * n, (i + 1) * n).sort(),
    );
  }

  /** The profile numbered n. */
  at(n: number): Profile {
    return this.list[n]!;
  }

  /** How many centers lie within a radius of a center: what the radius means for a profile. */
  private centersWithin(center: number, km: number): number {
    if (center < 0) return 0;
    const sorted = this.sortedDistances[center]!;
    let count = 0;
    while (count < sorted.length && sorted[count]! <= km) count++;
    return count;
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

  /** Profiles by a small-integer key (see `numericKey`). */
  private readonly byNumber = new Map<number, Profile>();
  private readonly languageNumbers = new Map<string, number>();

  /**
   * Profiles are looked up for every request, so the common case avoids building a
   * string: type, modality, language, center, the number of centers within travel and
   * the prior discipline packed into one small integer (29 bits), or -1 when a field is
   * out of that range.
   */
  private numericKey(
    type: RequestType,
    language: string,
    modality: ProfileQuery['modality'],
    center: number,
    reachable: number,
    priorDiscipline: number,
  ): number {
    let lang = this.languageNumbers.get(language);
    if (lang === undefined) {
      lang = this.languageNumbers.size;
      this.languageNumbers.set(language, lang);
    }
    if (lang > 127 || center > 126 || reachable > 31 || priorDiscipline > 62) return -1;
    const t =
      type === 'followup' ? 0 : type === 'routine-intake' ? 1 : type === 'urgent-intake' ? 2 : 3;
    const m = modality === 'any' ? 0 : modality === 'in-person' ? 1 : 2;
    return (
      ((((t * 4 + m) * 128 + lang) * 128 + (center + 1)) * 32 + reachable) * 64 +
      (priorDiscipline + 1)
    );
  }

  profileOf(
    type: RequestType,
    language: string,
    modality: ProfileQuery['modality'],
    center: number,
    maxTravelKm: number,
    priorClinician: number,
  ): Profile {
    const priorDiscipline =
      priorClinician >= 0 ? this.net.clinicianDiscipline[priorClinician]! : -1;
    const reachable = modality === 'video' ? 0 : this.centersWithin(center, maxTravelKm);
    const fast = this.numericKey(type, language, modality, center, reachable, priorDiscipline);
    const hit = fast >= 0 ? this.byNumber.get(fast) : undefined;
    if (hit) return hit;
    const profile = this.buildProfile(
      { type, language, modality, center, maxTravelKm },
      priorDiscipline,
    );
    if (fast >= 0) this.byNumber.set(fast, profile);
    return profile;
  }

  private buildProfile(request: ProfileQuery, priorDiscipline: number): Profile {
    const net = this.net;
    const center = request.center;
    const reach =
      request.modality === 'video' ? 0 : this.centersWithin(center, request.maxTravelKm);
    const key = `${request.type}|${request.language}|${request.modality}|${center}|${reach}|${priorDiscipline}`;
    const cached = this.cache.get(key);
    if (cached) return cached;

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
      // Video pools are not split by center (see `poolKey`): one look-up covers them all.
      if (wantsVideo) add(-1, d, VIDEO);
    }
    const membership = new Uint8Array(net.poolCount);
    for (const p of pools) membership[p] = 1;
    const profile: Profile = {
      key,
      number: this.list.length,
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
    this.list.push(profile);
    return profile;
  }
}
