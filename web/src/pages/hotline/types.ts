/**
 * The hotline API's answers as the pages read them (the OpenAPI document's
 * HotlineCase, HotlineCaseDetail and HotlineMetrics are their source; only the fields
 * the pages use).
 */
import type {
  CallerRelation,
  CaseCategory,
  CaseStatus,
  Urgency,
} from '../../../../src/hotline/case-codes.ts';

export interface Person {
  readonly id: string;
  readonly name: string;
}

export interface CaseClock {
  readonly dueAt: string;
  readonly state: 'running' | 'breached' | 'met' | 'missed';
  readonly msLeft: number | null;
  readonly breached: boolean;
}

export interface HotlineCase {
  readonly centerId: string;
  readonly id: string;
  readonly member: {
    readonly centerId: string;
    readonly id: string;
    readonly memberNumber: string;
    readonly name: string;
  } | null;
  readonly needsMatching: boolean;
  readonly memberGiven: {
    readonly memberNumber: string | null;
    readonly name: string | null;
    readonly birthDate: string | null;
  } | null;
  readonly caller: { readonly relation: CallerRelation; readonly name: string | null };
  readonly category: CaseCategory;
  readonly account: string;
  readonly urgency: Urgency;
  readonly status: CaseStatus;
  readonly resolutionCode: string | null;
  readonly receivedAt: string;
  readonly resolvedAt: string | null;
  readonly clock: CaseClock;
  readonly assignedTo: Person | null;
}

export interface CaseQueuePage {
  readonly items: readonly HotlineCase[];
  readonly nextCursor: string | null;
  readonly asOf: string;
}

export interface CaseNote {
  readonly id: string;
  readonly author: Person;
  readonly writtenAt: string;
  readonly text: string;
}

export interface CaseHistoryEntry {
  readonly at: string;
  readonly kind: 'recorded' | 'status' | 'reopened' | 'assigned' | 'matched';
  readonly actor: Person | null;
  readonly fromStatus: string | null;
  readonly toStatus: string | null;
  readonly resolutionCode: string | null;
  readonly assignedTo: Person | null;
}

export interface CaseDetail extends HotlineCase {
  readonly asOf: string;
  readonly notes: readonly CaseNote[];
  readonly history: readonly CaseHistoryEntry[];
  readonly memberRequests: readonly {
    readonly centerId: string;
    readonly id: string;
    readonly type: string;
    readonly standard: string;
    readonly status: string;
    readonly clockStart: string;
    readonly deadline: string;
    readonly linked: boolean;
  }[];
  readonly memberAppointments: readonly {
    readonly centerId: string;
    readonly id: string;
    readonly clinician: Person;
    readonly startsAt: string;
    readonly status: string;
    readonly requestId: string | null;
    readonly linked: boolean;
  }[];
}

export interface FoundMember {
  readonly centerId: string;
  readonly centerName: string;
  readonly id: string;
  readonly memberNumber: string;
  readonly name: string;
  readonly birthDate: string | null;
}

export interface HotlineMetrics {
  readonly timeZone: string;
  readonly asOf: string;
  readonly weeks: readonly string[];
  readonly openByAge: readonly {
    readonly band: string;
    readonly label: string;
    readonly urgent: number;
    readonly standard: number;
    readonly overdue: number;
  }[];
  readonly weekly: readonly {
    readonly weekStart: string;
    readonly received: number;
    readonly inTime: number;
    readonly late: number;
    readonly overdue: number;
    readonly running: number;
    readonly shareInTime: number | null;
  }[];
  readonly categories: readonly {
    readonly weekStart: string;
    readonly category: CaseCategory;
    readonly cases: number;
  }[];
}
