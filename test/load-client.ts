/**
 * The load client, run as a process of its own so the server's figures are not the
 * client's: `node --import tsx test/load-client.ts PLAN.json OUTCOME.json`.
 *
 * `concurrency` workers each pick an operation by weight (the workload and, among it,
 * the security probes), run it to the end, and pick again, until `seconds` have passed;
 * operations under way then finish. Every call is recorded (status, time, the request id
 * its audit events carry, the events it must have written); the outcome is written as
 * JSON for the test or benchmark that started the client.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Call, recordOf, send } from './load-http.ts';
import type { AcknowledgedBooking, CallRecord, LoadOutcome, LoadPlan, Ref } from './load-plan.ts';
import { SECURITY_PROBES } from './load-security.ts';
import {
  type AuditRule,
  availability,
  type Operation,
  WORKLOAD,
  type Worker,
} from './load-workload.ts';
import { seededRandom } from './seeded-random.ts';

const OPERATIONS: readonly Operation[] = [...WORKLOAD, ...SECURITY_PROBES];

function chooser(random: () => number): () => Operation {
  const total = OPERATIONS.reduce((sum, o) => sum + o.weight, 0);
  return () => {
    let point = random() * total;
    for (const operation of OPERATIONS) {
      point -= operation.weight;
      if (point < 0) return operation;
    }
    return OPERATIONS[OPERATIONS.length - 1]!;
  };
}

export async function runLoad(plan: LoadPlan): Promise<LoadOutcome> {
  const calls: CallRecord[] = [];
  const acknowledged: AcknowledgedBooking[] = [];
  const refusedKeys: string[] = [];
  const probes: Record<string, { passed: number; failed: number }> = {};
  let patient = 0;
  let key = 0;
  const runId = `${plan.seed}-${Date.now().toString(36)}`;

  const worker = (index: number): Worker => ({
    plan,
    random: seededRandom(plan.seed * 1000 + index),
    async call(name: string, call: Call, expected: readonly number[], audit: AuditRule) {
      try {
        const answer = await send(plan.address, call);
        const record = recordOf(
          name,
          answer,
          expected,
          typeof audit === 'number' ? audit : audit(answer),
        );
        const where = `${call.method ?? 'GET'} ${call.path}`;
        calls.push(
          record.problem ? { ...record, problem: `${record.problem} (${where})` } : record,
        );
        return answer;
      } catch (error) {
        // No answer at all (refused connection, timeout): a failure of the server.
        calls.push({
          name,
          status: 0,
          ms: 0,
          requestId: null,
          audit: 0,
          problem: `${name}: no answer (${(error as Error).message})`,
        });
        return { status: 0, ms: 0, requestId: null, json: null, setSession: null };
      }
    },
    acknowledge: (booking) => acknowledged.push(booking),
    refused: (k) => refusedKeys.push(k),
    probe(name, passed) {
      const tally = probes[name] ?? { passed: 0, failed: 0 };
      probes[name] = tally;
      if (passed) tally.passed += 1;
      else tally.failed += 1;
    },
    nextPatient(): Ref {
      const next = plan.bookingPatients[patient % plan.bookingPatients.length]!;
      patient += 1;
      return next;
    },
    nextKey() {
      key += 1;
      return `load-${runId}-${key}`;
    },
  });

  // The server builds its booking engine from the database at the first search (a
  // second or two on the full network): a warm-up call, outside the measured time, so
  // the figures are those of a server in service, not of its first minute.
  await availability(worker(-1), plan.bookingPatients[0]!, 'warm-up');
  const started = performance.now();
  const deadline = started + plan.seconds * 1000;
  await Promise.all(
    Array.from({ length: plan.concurrency }, async (_, index) => {
      const w = worker(index);
      const next = chooser(w.random);
      // Every probe runs at least once however short the run: the first workers start
      // with one each.
      await SECURITY_PROBES[index]?.run(w);
      while (performance.now() < deadline) await next().run(w);
    }),
  );
  return {
    seconds: (performance.now() - started) / 1000,
    calls,
    acknowledged,
    refusedKeys,
    probes,
  };
}

async function main(planFile: string, outcomeFile: string): Promise<void> {
  const plan = JSON.parse(await readFile(planFile, 'utf8')) as LoadPlan;
  const outcome = await runLoad(plan);
  await writeFile(outcomeFile, JSON.stringify(outcome));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [planFile, outcomeFile] = process.argv.slice(2);
  if (!planFile || !outcomeFile) {
    process.stderr.write('usage: load-client.ts PLAN.json OUTCOME.json\n');
    process.exit(2);
  }
  main(planFile, outcomeFile).catch((error: unknown) => {
    process.stderr.write(`load client failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
