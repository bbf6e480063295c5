/**
 * One stoppage, step by step: who stops work → the plan (and its confirmation) → the
 * execution → the impact report. The step is in the address (`?stoppage=ID&step=…`),
 * so a reload keeps it; the steps a stoppage lacks (no report for a draft) are shown but
 * not linked. Moving to a step puts focus on its heading.
 */
import { useEffect, useRef, useState } from 'react';
import { callApi } from '../../api/client.ts';
import type { Center } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { navigate } from '../../app/router.ts';
import { Link } from '../../components/link.tsx';
import { Failure, Loading } from '../../components/states.tsx';
import { formatDateTime } from '../scheduler/time.ts';
import { formatCount, formatPeriod, formatShare, KIND_NAMES, STATUS_NAMES } from './labels.ts';
import { PreviewStep } from './preview-step.tsx';
import { ProgressStep } from './progress-step.tsx';
import { ReportStep } from './report-step.tsx';
import type { DisruptionRights } from './rights.ts';
import { ScopeStep } from './scope-step.tsx';
import { hasStep, STEP_TITLES, STEPS, type Step, stepFor, wizardHref } from './steps.ts';
import type { Stoppage, StoppageClinician } from './types.ts';
import { stoppagePath, useStoppage } from './use-stoppage.ts';

export function StoppageWizard({
  id,
  asked,
  rights,
  centers,
}: {
  readonly id: string;
  /** The step the address asks for (null: the stoppage's usual one). */
  readonly asked: Step | null;
  readonly rights: DisruptionRights;
  readonly centers: readonly Center[];
}) {
  const { loaded, reload, replace } = useStoppage(id);
  // Read here, not by the scope step: the plan's entries name them too.
  const [cliniciansAttempt, setCliniciansAttempt] = useState(0);
  const clinicians = useApi<{ readonly items: readonly StoppageClinician[] }>(
    stoppagePath(id, '/clinicians'),
    cliniciansAttempt,
  );
  const heading = useRef<HTMLHeadingElement>(null);
  const stoppage = loaded.state === 'ready' ? loaded.data : null;
  const step = stoppage
    ? stepFor(stoppage.status, asked, stoppage.previewedAt !== null)
    : (asked ?? 'scope');

  // A new step (not the first one shown: the page's own heading has focus then).
  const shown = useRef<Step | null>(null);
  useEffect(() => {
    if (stoppage === null) return;
    if (shown.current !== null && shown.current !== step) heading.current?.focus();
    shown.current = step;
  }, [step, stoppage]);

  if (loaded.state === 'loading') return <Loading what="the stoppage" />;
  if (loaded.state === 'error')
    return (
      <>
        <BackLink />
        <Failure message={loaded.message} onRetry={reload} />
      </>
    );
  const current = loaded.data;
  const go = (to: Step) => navigate(wizardHref(id, to));
  const names = new Map(
    clinicians.state === 'ready' ? clinicians.data.items.map((c) => [c.id, c.name]) : [],
  );

  // The execution is under way once the server says so: read the stoppage, then go.
  async function executed() {
    try {
      replace(await callApi<Stoppage>(stoppagePath(id)));
    } finally {
      go('progress');
    }
  }

  return (
    <>
      <BackLink />
      <StoppageHead stoppage={current} />
      <nav aria-label="Steps of the stoppage">
        <ol className="steps">
          {STEPS.map((s, index) => (
            <li key={s} className={s === step ? 'step step-current' : 'step'}>
              <span className="step-number" aria-hidden="true">
                {index + 1}
              </span>
              {hasStep(current.status, s) ? (
                <Link to={wizardHref(id, s)} current={s === step}>
                  {STEP_TITLES[s]}
                </Link>
              ) : (
                <span className="step-closed">
                  {STEP_TITLES[s]}
                  <span className="visually-hidden"> (after the plan is executed)</span>
                </span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <section className="wizard-step" aria-labelledby="step-heading">
        <h2 id="step-heading" ref={heading} tabIndex={-1}>
          {STEP_TITLES[step]}
        </h2>
        {step === 'scope' && (
          <ScopeStep
            stoppage={current}
            list={
              clinicians.state === 'ready'
                ? { state: 'ready', data: clinicians.data.items }
                : clinicians
            }
            onRetry={() => setCliniciansAttempt((n) => n + 1)}
            centers={centers}
            rights={rights}
            onChanged={replace}
            onNext={() => go('preview')}
          />
        )}
        {step === 'preview' && (
          <PreviewStep
            stoppage={current}
            rights={rights}
            names={names}
            onChanged={reload}
            onExecuted={() => void executed()}
          />
        )}
        {step === 'progress' && (
          <ProgressStep
            stoppage={current}
            rights={rights}
            onFinished={reload}
            onReport={() => go('report')}
          />
        )}
        {step === 'report' && <ReportStep stoppage={current} rights={rights} onChanged={replace} />}
      </section>
    </>
  );
}

function BackLink() {
  return (
    <p className="back-link">
      <Link to={wizardHref()}>← All stoppages</Link>
    </p>
  );
}

/** The stoppage at a glance, above its steps. */
function StoppageHead({ stoppage }: { readonly stoppage: Stoppage }) {
  const { inScope, participating } = stoppage.clinicians;
  return (
    <div className="stoppage-head">
      <p className="stoppage-name">
        {stoppage.name}{' '}
        <span className={`badge status-${stoppage.status}`}>{STATUS_NAMES[stoppage.status]}</span>
      </p>
      <dl>
        <div>
          <dt>Kind</dt>
          <dd>{KIND_NAMES[stoppage.kind]}</dd>
        </div>
        <div>
          <dt>Days</dt>
          <dd>{formatPeriod(stoppage.startsAt, stoppage.endsAt)}</dd>
        </div>
        <div>
          <dt>Clinicians</dt>
          <dd>
            {formatCount(participating)} of {formatCount(inScope)} in scope stop work (
            {formatShare(stoppage.participation)} expected)
          </dd>
        </div>
        <div>
          <dt>Plan</dt>
          <dd>
            {stoppage.previewedAt === null && stoppage.plan.entries === 0
              ? 'Not computed'
              : `${formatCount(stoppage.plan.entries)} to re-place (${formatCount(stoppage.plan.applied)} applied), ${formatCount(stoppage.plan.kept)} kept`}
          </dd>
        </div>
        {stoppage.previewedAt !== null && (
          <div>
            <dt>Computed</dt>
            <dd>{formatDateTime(stoppage.previewedAt)}</dd>
          </div>
        )}
        {stoppage.executedAt !== null && (
          <div>
            <dt>Executed</dt>
            <dd>{formatDateTime(stoppage.executedAt)}</dd>
          </div>
        )}
        {stoppage.endedAt !== null && (
          <div>
            <dt>Ended</dt>
            <dd>{formatDateTime(stoppage.endedAt)}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
