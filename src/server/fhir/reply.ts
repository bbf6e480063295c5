/** Writing FHIR answers: the media type, and the absolute base of this face for links. */
import type { Resource } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FHIR_CONTENT_TYPE } from './outcome.ts';

export function sendResource(reply: FastifyReply, resource: Resource): FastifyReply {
  return reply.type(FHIR_CONTENT_TYPE).send(JSON.stringify(resource));
}

/** The absolute base of this face, for `fullUrl`s, links and `Location`. */
export function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/fhir`;
}
