/**
 * The scenario to run: an example to start from, its text to edit (YAML or JSON, the
 * simulator's own format: docs/scenarios.md), the seed, and optionally fewer days to
 * keep a run short. Run checks the text first, in the browser, and lists each problem
 * by the path of its field; only a valid scenario reaches the worker.
 */
import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import type { Scenario } from '../../../../src/engine/simulation/scenario.ts';
import type { ExampleScenario } from './examples.ts';
import { checkScenarioText, type FieldProblem, type ScenarioOverrides } from './scenario-text.ts';

const COUNT = new Intl.NumberFormat('en-US');

export function ScenarioEditor({
  examples,
  running,
  onRun,
  onCancel,
}: {
  readonly examples: readonly ExampleScenario[];
  readonly running: boolean;
  readonly onRun: (scenario: Scenario) => void;
  readonly onCancel: () => void;
}) {
  const first = examples[0]!;
  const [file, setFile] = useState(first.file);
  const [text, setText] = useState(first.source);
  const [seed, setSeed] = useState(String(first.scenario.seed));
  const [days, setDays] = useState('');
  const [problems, setProblems] = useState<readonly FieldProblem[] | null>(null);
  const problemsHeading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const example = examples.find((e) => e.file === file) ?? first;

  const overrides = (seedText = seed, daysText = days): ScenarioOverrides => ({
    // An empty box leaves the scenario's own value; anything else is checked by the
    // schema like a field of the text (`seed: expected a whole number`).
    seed: seedText.trim() === '' ? undefined : Number(seedText),
    days: daysText.trim() === '' ? undefined : Number(daysText),
  });

  /** Once problems are shown, they follow the edits, so a fixed field drops off the list. */
  const recheck = (nextText: string, nextSeed: string, nextDays: string) => {
    if (problems === null) return;
    const checked = checkScenarioText(nextText, examples, overrides(nextSeed, nextDays));
    setProblems(checked.ok ? null : checked.problems);
  };

  const pick = (next: string) => {
    const chosen = examples.find((e) => e.file === next);
    if (chosen === undefined) return;
    setFile(chosen.file);
    setText(chosen.source);
    setSeed(String(chosen.scenario.seed));
    setProblems(null);
  };

  const run = (event?: FormEvent) => {
    event?.preventDefault();
    if (running) return;
    const checked = checkScenarioText(text, examples, overrides());
    if (!checked.ok) {
      setProblems(checked.problems);
      // Where a keyboard or screen-reader user needs to be next: the list of problems.
      requestAnimationFrame(() => problemsHeading.current?.focus());
      return;
    }
    setProblems(null);
    onRun(checked.scenario);
  };

  const runOnCtrlEnter = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) run();
  };

  const invalid = (path: string) => problems?.some((p) => p.path === path) ?? false;
  const problemsId = `${id}-problems`;
  const describedBy = [`${id}-help`, problems ? problemsId : ''].filter(Boolean).join(' ');

  return (
    <form className="card scenario-editor" onSubmit={run} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Scenario</h2>
      <label className="field">
        Start from an example
        <select value={file} onChange={(event) => pick(event.target.value)} disabled={running}>
          {examples.map((e) => (
            <option key={e.file} value={e.file}>
              {e.name}
            </option>
          ))}
        </select>
      </label>
      <p className="example-facts">
        {example.description || 'No description.'}{' '}
        <span className="muted">
          {COUNT.format(example.scenario.network.clinicians)} clinicians ·{' '}
          {COUNT.format(example.scenario.days)} days from {example.scenario.start}
        </span>
      </p>

      <label className="field" htmlFor={`${id}-text`}>
        Scenario text (YAML or JSON)
      </label>
      <textarea
        id={`${id}-text`}
        className="scenario-text"
        value={text}
        rows={14}
        // Lines of a scenario file are code: indentation matters, so they never wrap.
        wrap="off"
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        aria-invalid={problems !== null && problems.length > 0}
        aria-describedby={describedBy}
        onChange={(event) => {
          setText(event.target.value);
          recheck(event.target.value, seed, days);
        }}
        onKeyDown={runOnCtrlEnter}
      />
      <p id={`${id}-help`} className="hint">
        Fields and defaults as in <code>timely simulate</code> (docs/scenarios.md);{' '}
        <code>extends</code> names another example. Ctrl+Enter runs.
      </p>

      <div className="run-settings">
        <label className="field">
          Seed
          <input
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={seed}
            aria-invalid={invalid('seed')}
            onChange={(event) => {
              setSeed(event.target.value);
              recheck(text, event.target.value, days);
            }}
          />
        </label>
        <label className="field">
          Days to simulate
          <input
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={days}
            placeholder="as written"
            aria-invalid={invalid('days')}
            onChange={(event) => {
              setDays(event.target.value);
              recheck(text, seed, event.target.value);
            }}
          />
        </label>
      </div>

      <div className="actions">
        <button type="submit" disabled={running}>
          {running ? 'Running…' : 'Run'}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={!running}>
          Cancel
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => pick(file)}
          disabled={running || (text === example.source && problems === null)}
        >
          Reset text
        </button>
      </div>

      {problems !== null && problems.length > 0 && (
        <section id={problemsId} className="problems" aria-labelledby={`${id}-problems-heading`}>
          <h3 id={`${id}-problems-heading`} ref={problemsHeading} tabIndex={-1}>
            {problems.length === 1
              ? 'The scenario has a problem'
              : `The scenario has ${problems.length} problems`}
          </h3>
          <ul>
            {problems.map((problem) => (
              <li key={`${problem.path}|${problem.line ?? ''}|${problem.message}`}>
                <code>{problem.path || (problem.line ? `line ${problem.line}` : 'text')}</code>:{' '}
                {problem.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </form>
  );
}
