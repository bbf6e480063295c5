/**
 * What `timely stoppage … --json` prints: the service's records with each instant as ISO
 * 8601 with the network's offset (as `timely deadline --json` prints them), so a person
 * reading the output or a `jq` filter sees times, not epoch milliseconds. Counts and the
 * rest are passed through as the service gives them.
 */
import type {
  EndResult,
  ImpactReport,
  PlanEntry,
  PlanSummary,
  SimulatedPrediction,
  Stoppage,
} from '../disruption/model.ts';
import { formatInstant, type Instant } from '../engine/time.ts';

export type TimeFormatter = (ms: number) => string;

/** Instants as ISO 8601 with the zone's offset at that instant. */
export function isoIn(timeZone: string): TimeFormatter {
  return (ms) => formatInstant(ms as Instant, timeZone);
}

function orNull(ms: number | null, iso: TimeFormatter): string | null {
  return ms === null ? null : iso(ms);
}

export function stoppageJson(stoppage: Stoppage, iso: TimeFormatter) {
  return {
    ...stoppage,
    startsAt: iso(stoppage.startsAt),
    endsAt: iso(stoppage.endsAt),
    noticeAt: orNull(stoppage.noticeAt, iso),
    declaredAt: iso(stoppage.declaredAt),
    previewedAt: orNull(stoppage.previewedAt, iso),
    executedAt: orNull(stoppage.executedAt, iso),
    endedAt: orNull(stoppage.endedAt, iso),
  };
}

export function summaryJson(summary: PlanSummary, iso: TimeFormatter) {
  return { ...summary, computedAt: iso(summary.computedAt) };
}

export function planEntryJson(entry: PlanEntry, iso: TimeFormatter) {
  return {
    ...entry,
    appointment: {
      ...entry.appointment,
      start: iso(entry.appointment.start),
      end: iso(entry.appointment.end),
    },
    request: { ...entry.request, deadline: iso(entry.request.deadline) },
    next:
      entry.next === null
        ? null
        : { ...entry.next, start: iso(entry.next.start), end: iso(entry.next.end) },
    appliedAt: orNull(entry.appliedAt, iso),
  };
}

export function endResultJson(result: EndResult, iso: TimeFormatter) {
  return { ...result, stoppage: stoppageJson(result.stoppage, iso) };
}

function predictionJson(prediction: SimulatedPrediction, iso: TimeFormatter) {
  return { ...prediction, attachedAt: iso(prediction.attachedAt) };
}

export function reportJson(report: ImpactReport, iso: TimeFormatter) {
  return {
    ...report,
    stoppage: stoppageJson(report.stoppage, iso),
    prediction: report.prediction === null ? null : predictionJson(report.prediction, iso),
  };
}
