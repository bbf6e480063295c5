/**
 * Errors of the FHIR face as `OperationOutcome` resources (FHIR R4 §3.1.0.1 "RESTful API":
 * a server "SHOULD return an OperationOutcome" with a 4xx or 5xx). The rest of the API
 * answers RFC 9457 problems (`../problem.ts`); under `/fhir` the same decisions are
 * written in FHIR's shape: a bad search parameter is a 400 whose issue names the
 * parameter in `expression`, an unknown id a 404, anything unexpected a 500 that carries
 * no message and no stack trace.
 *
 * https://hl7.org/fhir/R4/operationoutcome.html, issue codes:
 * https://hl7.org/fhir/R4/valueset-issue-type.html
 */
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { FastifyReply } from 'fastify';
import { type Problem, problemOf } from '../problem.ts';

export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';

/** The IssueType codes this face uses. */
export type IssueCode =
  | 'invalid'
  | 'not-found'
  | 'multiple-matches'
  | 'not-supported'
  | 'too-costly'
  | 'processing'
  | 'exception';

/** Thrown by the FHIR handlers; the FHIR error handler writes it out. */
export class FhirError extends Error {
  readonly status: number;
  readonly code: IssueCode;
  /** the search parameter (or element) at fault, as FHIR `issue.expression` */
  readonly expression: string | undefined;

  constructor(status: number, code: IssueCode, message: string, expression?: string) {
    super(message);
    this.name = 'FhirError';
    this.status = status;
    this.code = code;
    this.expression = expression;
  }

  toOutcome(): OperationOutcome {
    return {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: this.code,
          details: { text: this.message },
          ...(this.expression === undefined ? {} : { expression: [this.expression] }),
        },
      ],
    };
  }
}

/** A search parameter that is unknown, repeated or has a value we cannot use. */
export function badParameter(name: string, message: string): FhirError {
  return new FhirError(400, 'invalid', `${name}: ${message}`, name);
}

export function notFoundOutcome(type: string, id: string): FhirError {
  return new FhirError(404, 'not-found', `${type}/${id} is not known`);
}

/**
 * Maps anything thrown under `/fhir` to an outcome. Problems raised by shared code (a
 * database error mapped by SQLSTATE, a Fastify refusal) keep their status; their detail
 * is fixed text already. Anything else is a 500 without its message.
 */
export function outcomeOf(error: unknown): FhirError {
  if (error instanceof FhirError) return error;
  const problem: Problem = problemOf(error);
  const code: IssueCode =
    problem.status === 404 ? 'not-found' : problem.status >= 500 ? 'exception' : 'processing';
  return new FhirError(problem.status, code, problem.message);
}

export function sendOutcome(reply: FastifyReply, error: FhirError): FastifyReply {
  return reply.code(error.status).type(FHIR_CONTENT_TYPE).send(JSON.stringify(error.toOutcome()));
}
