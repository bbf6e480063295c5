/**
 * Disruption (`/app/disruption`): the stoppages declared — a strike, a clinician off sick
 * or leaving — and a wizard over the disruption plan's routes for one of them
 * (docs/disruption.md). Schedulers and admins declare, preview, execute and end;
 * compliance opens the same page and reads it all, offered no button that changes
 * anything (rights.ts reads the server's policy for each).
 */
import type { Center, Page } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useLocation } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { DeclareForm } from './declare-form.tsx';
import { disruptionRights, NO_RIGHTS } from './rights.ts';
import { parseStep } from './steps.ts';
import { StoppageList } from './stoppage-list.tsx';
import { StoppageWizard } from './stoppage-wizard.tsx';
import './disruption.css';

export function DisruptionPage() {
  const { state } = useSession();
  const rights = state.status === 'signed-in' ? disruptionRights(state.principal.role) : NO_RIGHTS;
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const stoppageId = params.get('stoppage');
  const centers = useApi<Page<Center>>('/centers?limit=200');
  const centerList = centers.state === 'ready' ? centers.data.items : [];

  return (
    <section className="disruption">
      <h1 tabIndex={-1}>Disruption</h1>
      {stoppageId ? (
        <StoppageWizard
          key={stoppageId}
          id={stoppageId}
          asked={parseStep(params.get('step'))}
          rights={rights}
          centers={centerList}
        />
      ) : (
        <>
          <p className="lede">
            When clinicians stop work, the plan re-places their appointments through the booking
            engine — urgent first, each inside its deadline where it can be — and reports what
            happened to each standard.
          </p>
          <StoppageList />
          {rights.declare && <DeclareForm centers={centerList} />}
        </>
      )}
    </section>
  );
}
