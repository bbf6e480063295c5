/** The hotline page's addresses: one page (/app/hotline), its view in the query. */
export const HOTLINE_PATH = '/app/hotline';

export const NEW_CASE_LINK = `${HOTLINE_PATH}?new`;

export function caseLink(centerId: string, id: string): string {
  return `${HOTLINE_PATH}?${new URLSearchParams({ case: `${centerId}/${id}` })}`;
}
