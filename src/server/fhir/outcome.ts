/**
 * Errors of the FHIR face as `OperationOutcome` resources (FHIR R4 §3.1.0.1 "RESTful API":
 * a server "SHOULD return an OperationOutcome" with a 4xx or 5xx). The rest of the API
 * answers RFC 9457 problems (`../problem.ts`); under `/fhir` the same decisions are
 * written in FHIR's shape: a bad search parameter is a 400 whose issue names the
 * parameter in `expression`, a bad element of a posted resource a 400 naming the element
 * (`Appointment.participant[0].actor.reference`), a bad header a 400 whose `location` is
 * `http.<Header>` (the R4 definition of `OperationOutcome.issue.location`), an unknown id
 * a 404, anything unexpected a 500 that carries no message and no stack trace.
 *
 * https://hl7.org/fhir/R4/operationoutcome.html, issue codes:
 * https://hl7.org/fhir/R4/valueset-issue-type.html
 */
import type {
  CodeableConcept,
  Extension,
  OperationOutcome,
  OperationOutcomeIssue,
} from '@medplum/fhirtypes';
import type { FastifyReply } from 'fastify';
import { type Problem, problemOf } from '../problem.ts';

export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';

/** The IssueType codes this face uses. */
export type IssueCode = Extract<
  OperationOutcomeIssue['code'],
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'code-invalid'
  | 'not-found'
  | 'multiple-matches'
  | 'not-supported'
  | 'too-costly'
  | 'business-rule'
  | 'conflict'
  | 'processing'
  | 'exception'
  | 'login'
  | 'forbidden'
  | 'throttled'
  | 'transient'
>;

/** One issue of an outcome. */
export interface Issue {
  readonly code: IssueCode;
  readonly message: string;
  /** the search parameter or element at fault (FHIRPath), as `issue.expression` */
  readonly expression?: string | undefined;
  /** the HTTP header at fault, written `http.<Header>` in `issue.location` */
  readonly header?: string | undefined;
  /** a machine-readable reason, added to `issue.details.coding` */
  readonly reason?: { readonly system: string; readonly code: string } | undefined;
  /** more for a person to read (e.g. the next options), as `issue.diagnostics` */
  readonly diagnostics?: string | undefined;
}

/** Thrown by the FHIR handlers; the FHIR error handler writes it out. */
export class FhirError extends Error {
  readonly status: number;
  readonly issues: readonly [Issue, ...Issue[]];
  /** extensions of the outcome itself (e.g. the standard and deadline of a refused booking) */
  readonly extension: readonly Extension[];

  constructor(
    status: number,
    code: IssueCode,
    message: string,
    expression?: string,
    more: { issues?: readonly [Issue, ...Issue[]]; extension?: readonly Extension[] } = {},
  ) {
    super(message);
    this.name = 'FhirError';
    this.status = status;
    this.issues = more.issues ?? [{ code, message, expression }];
    this.extension = more.extension ?? [];
  }

  /** An outcome with several issues (every problem of a posted resource at once). */
  static of(
    status: number,
    issues: readonly [Issue, ...Issue[]],
    extension: readonly Extension[] = [],
  ): FhirError {
    const [first] = issues;
    return new FhirError(status, first.code, first.message, first.expression, {
      issues,
      extension,
    });
  }

  /** The first issue's code, for logs. */
  get code(): IssueCode {
    return this.issues[0].code;
  }

  toOutcome(): OperationOutcome {
    return {
      resourceType: 'OperationOutcome',
      ...(this.extension.length === 0 ? {} : { extension: [...this.extension] }),
      issue: this.issues.map(toIssue),
    };
  }
}

function toIssue(issue: Issue): OperationOutcomeIssue {
  const details: CodeableConcept = {
    ...(issue.reason === undefined ? {} : { coding: [{ ...issue.reason }] }),
    text: issue.message,
  };
  return {
    severity: 'error',
    code: issue.code,
    details,
    ...(issue.diagnostics === undefined ? {} : { diagnostics: issue.diagnostics }),
    ...(issue.header === undefined ? {} : { location: [`http.${issue.header}`] }),
    ...(issue.expression === undefined ? {} : { expression: [issue.expression] }),
  };
}

/** A search parameter that is unknown, repeated or has a value we cannot use. */
export function badParameter(name: string, message: string): FhirError {
  return new FhirError(400, 'invalid', `${name}: ${message}`, name);
}

/** A request header we cannot use. */
export function badHeader(status: number, code: IssueCode, header: string, message: string) {
  return FhirError.of(status, [{ code, message: `${header}: ${message}`, header }]);
}

export function notFoundOutcome(type: string, id: string): FhirError {
  return new FhirError(404, 'not-found', `${type}/${id} is not known`);
}

/**
 * Maps anything thrown under `/fhir` to an outcome. Problems raised by shared code (a
 * database error mapped by SQLSTATE, a Fastify refusal of the body) keep their status;
 * their detail is fixed text already. Anything else is a 500 without its message.
 */
export function outcomeOf(error: unknown): FhirError {
  if (error instanceof FhirError) return error;
  const problem: Problem = problemOf(error);
  switch (problem.kind) {
    case 'not-found':
      return new FhirError(404, 'not-found', problem.message);
    case 'unauthenticated':
      return new FhirError(401, 'login', problem.message);
    case 'forbidden':
      return new FhirError(403, 'forbidden', problem.message);
    case 'too-many-requests':
      return new FhirError(429, 'throttled', problem.message);
    case 'unavailable':
      return new FhirError(503, 'transient', problem.message);
    case 'body-too-large':
      return new FhirError(413, 'too-costly', 'the body is larger than the limit');
    case 'unsupported-media-type':
      return new FhirError(
        415,
        'not-supported',
        'send the body as application/fhir+json (or application/json)',
      );
    case 'invalid-request':
      // Before a handler runs, these are the body's syntax (not JSON, empty).
      return new FhirError(
        400,
        problem.errors?.[0]?.in === 'body' ? 'structure' : 'invalid',
        problem.message,
      );
    default:
      return new FhirError(
        problem.status,
        problem.status >= 500 ? 'exception' : 'processing',
        problem.message,
      );
  }
}

export function sendOutcome(reply: FastifyReply, error: FhirError): FastifyReply {
  return reply.code(error.status).type(FHIR_CONTENT_TYPE).send(JSON.stringify(error.toOutcome()));
}
