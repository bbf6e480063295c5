/**
 * Every answer carries its request's id in `x-request-id` (app.ts: the audit trail
 * stores it, so a caller can name the call it asks about). Routes declare their bodies,
 * not that header; this adds it to every response of every operation of the generated
 * OpenAPI document, as one shared header component.
 */
import type { OpenAPIV3_1 } from 'openapi-types';

export const REQUEST_ID_COMPONENT = 'RequestId';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The document with `x-request-id` declared on every response (changed in place). */
export function withRequestIdHeader(
  document: Partial<OpenAPIV3_1.Document>,
  headerName: string,
): Partial<OpenAPIV3_1.Document> {
  document.components ??= {};
  document.components.headers = {
    ...document.components.headers,
    [REQUEST_ID_COMPONENT]: {
      description:
        "The request's id (a UUID), as the audit trail records it: name it when asking " +
        'what happened to the call.',
      schema: { type: 'string', format: 'uuid' },
    },
  };
  const reference = { $ref: `#/components/headers/${REQUEST_ID_COMPONENT}` };
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of METHODS) {
      const responses = item?.[method]?.responses;
      if (!responses) continue;
      for (const response of Object.values(responses)) {
        if ('$ref' in response) continue;
        response.headers = { ...response.headers, [headerName]: reference };
      }
    }
  }
  return document;
}
