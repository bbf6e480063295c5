/**
 * The hotline page: the case queue (least time left first), recording a call, and one
 * case. Which one is in the address's query (`?new`, `?case=CENTER/ID`), so the back
 * button and a bookmarked case work; the page itself is one catalog entry
 * (/app/hotline). Roles that only read cases (compliance) see no write controls.
 */
import { useEffect, useRef } from 'react';
import { policyOf } from '../../../../src/auth/policy.ts';
import type { Center, Page } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { navigate, useLocation } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Failure, Loading } from '../../components/states.tsx';
import { CasePage } from './case-page.tsx';
import { CaseQueue } from './case-queue.tsx';
import { IntakeForm } from './intake-form.tsx';
import { caseLink } from './links.ts';
import './hotline.css';

type View =
  | { readonly kind: 'queue' }
  | { readonly kind: 'new' }
  | { readonly kind: 'case'; readonly centerId: string; readonly id: string };

function viewOf(search: string): View {
  const query = new URLSearchParams(search);
  if (query.has('new')) return { kind: 'new' };
  const key = query.get('case');
  const slash = key?.indexOf('/') ?? -1;
  if (key && slash > 0)
    return { kind: 'case', centerId: key.slice(0, slash), id: key.slice(slash + 1) };
  return { kind: 'queue' };
}

export function HotlinePage() {
  const { search } = useLocation();
  const { state } = useSession();
  const role = state.status === 'signed-in' ? state.principal.role : 'public';
  const mayWrite = policyOf('POST', '/hotline/cases')?.[role] !== undefined;
  const centers = useApi<Page<Center>>('/centers?limit=200');
  const view = viewOf(search);
  const heading = useRef<HTMLHeadingElement>(null);
  const viewKey = view.kind === 'case' ? `${view.centerId}/${view.id}` : view.kind;

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the view changes, which it does not read
  useEffect(() => {
    // A new view below the page's heading: put focus on its heading (WCAG 2.4.3).
    heading.current?.focus();
  }, [viewKey]);

  return (
    <section className="hotline">
      <h1 tabIndex={-1}>Hotline</h1>
      {centers.state === 'loading' && <Loading what="medical centers" />}
      {centers.state === 'error' && <Failure message={centers.message} />}
      {centers.state === 'ready' && view.kind === 'queue' && (
        <CaseQueue centers={centers.data.items} mayWrite={mayWrite} headingRef={heading} />
      )}
      {centers.state === 'ready' && view.kind === 'new' && mayWrite && (
        <IntakeForm
          centers={centers.data.items}
          headingRef={heading}
          onRecorded={(c) => navigate(caseLink(c.centerId, c.id))}
        />
      )}
      {centers.state === 'ready' && view.kind === 'new' && !mayWrite && (
        <p role="alert">This account reads hotline cases but does not record them.</p>
      )}
      {centers.state === 'ready' && view.kind === 'case' && (
        <CasePage
          centerId={view.centerId}
          id={view.id}
          centers={centers.data.items}
          mayWrite={mayWrite}
          headingRef={heading}
        />
      )}
    </section>
  );
}
