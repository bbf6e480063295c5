/**
 * Crashes under load, run unchanged on each back end (crash.postgres.int.test.ts,
 * crash.pglite.int.test.ts): the real server process books the fixture network's
 * patients, several calls in flight, and is SIGKILLed at a random moment (seeded, so a
 * failing run can be replayed with TIMELY_CRASH_SEED), then restarted on the same
 * database, three times. After each restart the calls the kill cut off are retried with
 * their Idempotency-Key, as a client would. Then the server stops and the database is
 * read: every acknowledged booking is there, nothing is half-written, nobody is booked
 * twice, no clinician double-booked, every booking audited (crash-checks.ts).
 */
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { NETWORK, PATIENTS, seedNetwork } from '../src/booking/booking-fixture.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Database } from '../src/db/schema.ts';
import { bearerFor } from '../src/server/auth/test-credentials.ts';
import { inspectBookings } from './crash-checks.ts';
import {
  type Acknowledged,
  type BookingCall,
  bookUntilKilled,
  type Client,
  type LoadOutcome,
  settleCall,
} from './crash-load.ts';
import { startServer } from './crash-server.ts';
import { seededRandom } from './seeded-random.ts';
import type { ServerTier } from './server-tiers.ts';

/** TIMELY_CRASH_KILLS: more in `npm run bench -- reliability`. */
const KILLS = Number(process.env.TIMELY_CRASH_KILLS ?? 3);
const CONCURRENCY = 8;
/** The kill lands this long after the run's first acknowledged booking. */
const KILL_AFTER_MS = { min: 200, max: 1500 };
const SEED = Number(process.env.TIMELY_CRASH_SEED ?? 20_261_125);
const STANDARD = 'nonurgent-nonphysician-mh';
/**
 * Patients to book, one call each: far more than three runs of at most 1.5 s book (100 to
 * 210 on a shared 2-core machine), so the load never runs dry before a kill. Past the
 * fixture's few hundred intake slots in the 90-day horizon, calls would be waitlisted
 * (202): also a write that must survive.
 */
const CALLS = 3000;
const CENTER = NETWORK.centers[0]!.id;

/** The fixture's center gets patients `p-<from>` to `p-<to>` (the fixture made the first 400). */
async function addPatients(db: Kysely<Database>, from: number, to: number): Promise<void> {
  const rows = Array.from({ length: to - from + 1 }, (_, i) => ({
    center_id: CENTER,
    id: `p-${from + i}`,
    member_number: `M${from + i}`,
    name: `Patient ${from + i}`,
  }));
  // In chunks: 4 parameters a row keeps each INSERT well under the bind-parameter limit.
  for (let start = 0; start < rows.length; start += 1000) {
    await db
      .insertInto('patients')
      .values(rows.slice(start, start + 1000))
      .execute();
  }
}

/** What the runs add up to, for the assertions and for docs/reliability.md. */
interface Tally {
  kills: number;
  killDelays: number[];
  booked: number;
  waitlisted: number;
  conflicts: number;
  unanswered: number;
  /** Cut-off calls whose retry was answered from the key: they had committed. */
  replayed: number;
  /** Cut-off calls whose retry booked afresh: they had not. */
  bookedOnRetry: number;
}

export function describeCrashes(tier: ServerTier): void {
  it(
    `${KILLS} SIGKILLs under concurrent bookings lose no acknowledged booking and leave none half-written (${tier.name})`,
    async () => {
      const started = performance.now();
      // Two streams: the kill moments replay from the seed whatever the races did.
      const killRandom = seededRandom(SEED);
      const pickRandom = seededRandom(SEED + 1);
      const prepared = await tier.prepare(async (db) => {
        await migrateToLatest(db);
        await seedNetwork(db);
        await addPatients(db, PATIENTS + 1, CALLS);
        return bearerFor(db);
      });
      const { authorization } = prepared.setUp;
      const client = (address: string): Client => ({
        address,
        authorization,
        pick: (count) => Math.floor(pickRandom() * count),
      });
      const acknowledged: Acknowledged[] = [];
      /** The answers to the retried calls: each must stand for exactly one booking. */
      const retried: Acknowledged[] = [];
      const tally: Tally = {
        kills: 0,
        killDelays: [],
        booked: 0,
        waitlisted: 0,
        conflicts: 0,
        unanswered: 0,
        replayed: 0,
        bookedOnRetry: 0,
      };
      const acknowledge = (a: Acknowledged) => {
        acknowledged.push(a);
        if (a.status === 201) tally.booked += 1;
        else tally.waitlisted += 1;
      };
      let patient = 0;
      const nextCall = (): BookingCall | undefined => {
        if (patient >= CALLS) return undefined;
        patient += 1;
        return {
          key: `crash-${tier.name}-${SEED}-p${patient}`,
          patientId: `p-${patient}`,
          body: {
            type: 'routine-intake',
            standard: STANDARD,
            patientId: `p-${patient}`,
            clockStart: new Date().toISOString(),
            center: CENTER,
          },
        };
      };

      try {
        let cutOff: readonly BookingCall[] = [];
        for (let run = 0; run <= KILLS; run += 1) {
          const server = await startServer(prepared.target);
          try {
            // The calls the last kill cut off, retried as they were sent: each either
            // committed (and is answered from its key) or did not (and books now), never both.
            for (const call of cutOff) {
              const settled = await settleCall(client(server.address), call);
              expect(settled.unexpected).toBeUndefined();
              tally.conflicts += settled.conflicts;
              // Alone on the server now, a lost race's next option is free: all are answered.
              expect(settled.acknowledged).toBeDefined();
              const answer = settled.acknowledged!;
              acknowledge(answer);
              retried.push(answer);
              if (answer.replayed) tally.replayed += 1;
              else tally.bookedOnRetry += 1;
            }
            if (run === KILLS) {
              // The last start only retries; a clean stop then lets the database be read.
              expect(await server.stop()).toEqual({ code: 0, signal: null });
              break;
            }
            const killAfterMs =
              KILL_AFTER_MS.min +
              Math.floor(killRandom() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
            const outcome: LoadOutcome = await bookUntilKilled({
              ...client(server.address),
              concurrency: CONCURRENCY,
              nextCall,
              kill: () => server.killHard(),
              killAfterMs,
            });
            expect(outcome.unexpected, server.output()).toEqual([]);
            expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
            // Calls were still in flight: the kill cut bookings off, not an idle server.
            expect(outcome.unanswered.length).toBeGreaterThan(0);
            for (const a of outcome.acknowledged) acknowledge(a);
            tally.kills += 1;
            tally.killDelays.push(killAfterMs);
            tally.conflicts += outcome.conflicts;
            tally.unanswered += outcome.unanswered.length;
            cutOff = outcome.unanswered;
          } finally {
            await server.killHard();
          }
        }

        const findings = await prepared.inspect((db) => inspectBookings(db, acknowledged, retried));
        expect(findings).toMatchObject({
          lostAppointments: [],
          lostRequests: [],
          unauditedAcknowledged: [],
          appointmentsWithoutRequest: 0,
          bookedRequestsWithoutAppointment: 0,
          requestsWithoutKey: 0,
          keysWithoutRequest: 0,
          keysWithoutAppointment: 0,
          appointmentsWithoutCreationEvent: 0,
          requestsWithoutCreationEvent: 0,
          overlaps: 0,
          patientsBookedTwice: 0,
          retriedNotOnce: [],
        });
        expect(tally.kills).toBe(KILLS);
        expect(tally.booked).toBeGreaterThan(0);
        // Every retry was answered, so every booking in the database was acknowledged once.
        expect(findings.requests).toBe(acknowledged.length);
        expect(findings.appointments).toBe(tally.booked);
        console.info(
          `crash test (${tier.name}, seed ${SEED}): ${tally.kills} SIGKILLs at ` +
            `${tally.killDelays.join('/')} ms after the first answer; ` +
            `${acknowledged.length} bookings acknowledged (${tally.booked} booked, ` +
            `${tally.waitlisted} waitlisted), ${tally.conflicts} lost races retried; ` +
            `${tally.unanswered} calls cut off by the kills, on retry ${tally.replayed} ` +
            `answered from their key (had committed), ${tally.bookedOnRetry} booked afresh; ` +
            `database: ${findings.requests} requests, ${findings.appointments} appointments, ` +
            `all checks passed; ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      } finally {
        await prepared.dispose();
      }
    },
    120_000 + KILLS * 30_000,
  );
}
