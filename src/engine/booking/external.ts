/**
 * The external network: providers outside the plan, each with a weekly capacity and a
 * lead time. When the plan cannot offer a timely appointment it must arrange one out
 * of network (Health & Safety Code § 1374.72; 28 CCR § 1300.74.72); a referral is an
 * outcome of its own. Weeks are ISO weeks (Monday to Sunday).
 */

import { dayNumberOfDate } from '../time.ts';
import { type CompiledNetwork, IN_PERSON, VIDEO } from './network.ts';
import type { Profile } from './profiles.ts';

export interface ExternalOption {
  readonly provider: number;
  readonly start: number;
  readonly end: number;
  readonly week: number;
}

export class ExternalCapacity {
  private readonly used: Int32Array;
  private readonly weeks: number;
  /** DayIndex position of the Monday that starts week 0. */
  private readonly week0: number;
  private readonly candidates = new Map<string, number[]>();
  /** Per provider, the DayIndex positions of the first and last day of its contract. */
  private readonly firstDay: Int32Array;
  private readonly lastDay: Int32Array;

  constructor(
    private readonly net: CompiledNetwork,
    private readonly visitMinuteOfDay: number,
  ) {
    const index = net.index;
    const weekday = ((((index.firstDay + 3) % 7) + 7) % 7) + 1;
    this.week0 = -(weekday - 1);
    this.weeks = Math.ceil((index.length - this.week0) / 7) + 1;
    const providers = net.source.externalProviders;
    this.used = new Int32Array(providers.length * this.weeks);
    this.firstDay = Int32Array.from(providers, (p) =>
      p.from === undefined ? 0 : Math.max(0, dayNumberOfDate(p.from) - index.firstDay),
    );
    this.lastDay = Int32Array.from(providers, (p) =>
      p.to === undefined
        ? index.length - 1
        : Math.min(index.length - 1, dayNumberOfDate(p.to) - index.firstDay),
    );
  }

  private providersFor(profile: Profile): number[] {
    let list = this.candidates.get(profile.key);
    if (list) return list;
    const net = this.net;
    list = [];
    net.source.externalProviders.forEach((p, e) => {
      const disciplines = p.disciplines.map((d) => net.disciplineIndex.get(d)!);
      if (!profile.disciplines.some((d) => disciplines.includes(d))) return;
      if (!p.languages.includes(profile.language)) return;
      const modalities = p.modalities.reduce(
        (m, x) => m | (x === 'in-person' ? IN_PERSON : VIDEO),
        0,
      );
      const video = profile.wantsVideo && (modalities & VIDEO) !== 0;
      const inPerson =
        profile.wantsInPerson &&
        (modalities & IN_PERSON) !== 0 &&
        p.centers.some((c) => profile.inPersonCenters.includes(net.centerIndex.get(c)!));
      if (video || inPerson) list!.push(e);
    });
    this.candidates.set(profile.key, list);
    return list;
  }

  /** The earliest external appointment with capacity for a profile, no earlier than minStart. */
  earliest(profile: Profile, minStart: number, maxStart: number): ExternalOption | null {
    const net = this.net;
    const index = net.index;
    const providers = net.source.externalProviders;
    let best: ExternalOption | null = null;
    const startDay = index.dayOf(minStart);
    if (startDay < 0) return null;
    for (const e of this.providersFor(profile)) {
      const provider = providers[e]!;
      if (provider.weeklyCapacity === 0) continue;
      const first = Math.max(startDay + provider.leadDays, this.firstDay[e]!);
      for (let d = first; d <= this.lastDay[e]!; d++) {
        if (!index.business[d]) continue;
        const start = index.instantAt(d, this.visitMinuteOfDay);
        if (start < minStart) continue;
        if (start > maxStart || (best && start >= best.start)) break;
        const week = Math.floor((d - this.week0) / 7);
        if (this.used[e * this.weeks + week]! >= provider.weeklyCapacity) {
          d = this.week0 + (week + 1) * 7 - 1;
          continue;
        }
        best = { provider: e, start, end: start + provider.visitMinutes * 60_000, week };
        break;
      }
    }
    return best;
  }

  /** Counts a visit on `start`'s ISO week for provider e; false outside the engine's days. */
  countVisitAt(e: number, start: number): boolean {
    const d = this.net.index.dayOf(start);
    if (d < 0) return false;
    this.used[e * this.weeks + Math.floor((d - this.week0) / 7)]!++;
    return true;
  }

  use(option: ExternalOption): void {
    this.used[option.provider * this.weeks + option.week]!++;
  }

  release(provider: number, week: number): void {
    this.used[provider * this.weeks + week]!--;
  }
}
