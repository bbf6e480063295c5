/**
 * Search results as a `searchset` Bundle (https://hl7.org/fhir/R4/bundle.html,
 * https://hl7.org/fhir/R4/http.html#paging): every entry with its absolute `fullUrl`
 * and `search.mode = match`, `total` when it was counted, a `self` link (the request as
 * received) and a `next` link while more results follow. The `next` link carries the
 * same parameters and an opaque `_cursor`.
 */
import type { Bundle, BundleLink, Resource } from '@medplum/fhirtypes';
import type { RawQuery } from './search-params.ts';

export interface SearchPage<R extends Resource> {
  readonly resources: readonly R[];
  readonly nextCursor: string | null;
  readonly total: number | undefined;
}

export function searchsetBundle<R extends Resource & { id?: string }>(
  baseUrl: string,
  type: string,
  query: RawQuery,
  page: SearchPage<R>,
): Bundle<R> {
  const link: BundleLink[] = [{ relation: 'self', url: searchUrl(baseUrl, type, query) }];
  if (page.nextCursor !== null) {
    link.push({
      relation: 'next',
      url: searchUrl(baseUrl, type, { ...query, _cursor: page.nextCursor }),
    });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(page.total === undefined ? {} : { total: page.total }),
    link,
    entry: page.resources.map((resource) => ({
      fullUrl: `${baseUrl}/${type}/${resource.id}`,
      resource,
      search: { mode: 'match' as const },
    })),
  };
}

function searchUrl(baseUrl: string, type: string, query: RawQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  const text = params.toString();
  return `${baseUrl}/${type}${text === '' ? '' : `?${text}`}`;
}
