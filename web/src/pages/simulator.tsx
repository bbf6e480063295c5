/**
 * The simulator: what a change does to patients before it happens. Pick an example
 * scenario (baseline, employer offer, union ask, a strike…), edit it, run it in this
 * browser — the engine runs in a Web Worker, so the page stays usable and a run can be
 * cancelled — and compare the runs: compliance and backlog over time, and the summary
 * figures per run. Runs stay on the page until it is left; nothing is sent anywhere.
 */
// First: zod's settings must be in place before any schema of the page's modules is built.
import './simulator/zod-jitless.ts';
import { useCallback, useRef, useState } from 'react';
import type { Scenario } from '../../../src/engine/simulation/scenario.ts';
import { useApi } from '../api/use-api.ts';
import { Empty, Failure, Loading } from '../components/states.tsx';
import type { ExampleScenario, ExampleScenarios } from './simulator/examples.ts';
import { RunStatus } from './simulator/run-status.tsx';
import { type Run, runLabel } from './simulator/runs.ts';
import { RunsComparison } from './simulator/runs-comparison.tsx';
import { ScenarioEditor } from './simulator/scenario-editor.tsx';
import { useSimulation } from './simulator/use-simulation.ts';
import './simulator/simulator.css';

export function SimulatorPage() {
  const [attempt, setAttempt] = useState(0);
  const answer = useApi<ExampleScenarios>('/scenarios', attempt);
  return (
    <section>
      <h1 tabIndex={-1}>Simulator</h1>
      <p className="lede">
        Run a scenario through the booking engine in this browser and compare the runs: compliance
        with California's waiting-time standards, backlog, visits and cost.
      </p>
      {answer.state === 'loading' && <Loading what="the example scenarios" />}
      {answer.state === 'error' && (
        <Failure message={answer.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {answer.state === 'ready' && answer.data.scenarios.length === 0 && (
        <Empty>No example scenarios are installed: examples/ is empty on the server.</Empty>
      )}
      {answer.state === 'ready' && answer.data.scenarios.length > 0 && (
        <Workbench examples={answer.data.scenarios} />
      )}
    </section>
  );
}

function Workbench({ examples }: { readonly examples: readonly ExampleScenario[] }) {
  const { state, start, cancel } = useSimulation();
  const [runs, setRuns] = useState<readonly Run[]>([]);
  const [compared, setCompared] = useState<ReadonlySet<number>>(new Set());
  const nextId = useRef(1);
  const running = state.status === 'running';

  const run = useCallback(
    (scenario: Scenario) => {
      const id = nextId.current;
      const label = runLabel(id, scenario.name, scenario.seed);
      start(scenario, scenario.seed, label, (result) => {
        nextId.current = id + 1;
        setRuns((list) => [
          ...list,
          { id, label, name: scenario.name, seed: scenario.seed, result },
        ]);
        // A new run joins the comparison at once: running again is how one compares.
        setCompared((ids) => new Set([...ids, id]));
      });
    },
    [start],
  );

  const toggle = (id: number) =>
    setCompared((ids) => {
      const next = new Set(ids);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const remove = (id: number) => {
    setRuns((list) => list.filter((r) => r.id !== id));
    setCompared((ids) => new Set([...ids].filter((other) => other !== id)));
  };

  return (
    <div className="simulator">
      <ScenarioEditor examples={examples} running={running} onRun={run} onCancel={cancel} />
      <section className="simulator-results" aria-label="Runs">
        {/* Above the results: in sight while a run goes on, where its figures will come. */}
        <RunStatus state={state} />
        <RunsComparison runs={runs} compared={compared} onToggle={toggle} onRemove={remove} />
      </section>
    </div>
  );
}
