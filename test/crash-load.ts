/**
 * The crash tests' client: bookings fired at a running server, several in flight at once,
 * each with its own Idempotency-Key and its own patient (so "at most one appointment per
 * patient" is checkable afterwards), until the server is killed under them. A lost race
 * (409) is retried, as a real client would, with one of the next options the problem
 * offers, under the same key: a 409 stores nothing, so the key is still free.
 *
 * What the client learns is all the test may rely on: a 2xx is an acknowledged booking
 * (it must survive anything); a call cut off by the kill is unanswered (it may or may not
 * have committed, but never half).
 */

export type Json = Record<string, unknown>;

/** One booking call: the key, and the body last sent under it. */
export interface BookingCall {
  readonly key: string;
  readonly patientId: string;
  body: Json;
}

export interface Acknowledged {
  readonly key: string;
  readonly patientId: string;
  readonly status: 201 | 202;
  readonly requestId: string;
  /** Set for a 201 (booked); a 202 waitlisted the request. */
  readonly appointmentId: string | undefined;
  /** `Idempotent-Replayed: true`: the answer of an earlier call that committed. */
  readonly replayed: boolean;
}

export interface LoadOutcome {
  readonly acknowledged: readonly Acknowledged[];
  /** Calls in flight when the server died: no answer reached the client. */
  readonly unanswered: readonly BookingCall[];
  /** 409s (lost races) met on the way, each retried with another option. */
  readonly conflicts: number;
  /** Answers that were neither 2xx nor 409, as `status: detail`: expected none. */
  readonly unexpected: readonly string[];
}

/** Where calls go, and how a lost race picks among the next options. */
export interface Client {
  readonly address: string;
  readonly authorization: string;
  /** Picks among the next options of a lost race (seeded, so a run can be replayed). */
  readonly pick: (count: number) => number;
}

export interface LoadOptions extends Client {
  /** How many calls are in flight at once. */
  readonly concurrency: number;
  /** Hands out the next call to make (a fresh patient and key); undefined when none is left. */
  readonly nextCall: () => BookingCall | undefined;
  /**
   * Kills the server; called once, `killAfterMs` after the first acknowledged booking, so
   * every kill lands while bookings are in flight.
   */
  readonly kill: () => Promise<unknown>;
  readonly killAfterMs: number;
}

/** How often one call is retried after lost races before it is given up. */
const CONFLICT_RETRIES = 5;
/** A call cut off by the kill fails at once; this only bounds a stuck socket. */
const CALL_TIMEOUT_MS = 30_000;

/** How one call ended: answered (2xx), refused, or given up after lost races. */
export interface Settled {
  readonly acknowledged: Acknowledged | undefined;
  readonly conflicts: number;
  /** A refusal other than a lost race, as `status: detail`. */
  readonly unexpected: string | undefined;
}

/**
 * Makes `call` until it is answered: a lost race (409) is retried under the same key with
 * one of the next options, as a client would. Throws when the call is cut off.
 * `going()` false stops between retries (the server is being killed).
 */
export async function settleCall(
  client: Client,
  call: BookingCall,
  going: () => boolean = () => true,
): Promise<Settled> {
  let conflicts = 0;
  for (let attempt = 0; attempt <= CONFLICT_RETRIES && going(); attempt += 1) {
    const answer = await postBooking(client, call);
    if (answer.acknowledged)
      return { acknowledged: answer.acknowledged, conflicts, unexpected: undefined };
    if (answer.status !== 409) {
      return {
        acknowledged: undefined,
        conflicts,
        unexpected: `${answer.status}: ${answer.detail}`,
      };
    }
    conflicts += 1;
    if (answer.nextSlots.length > 0) {
      call.body = { ...call.body, slot: answer.nextSlots[client.pick(answer.nextSlots.length)] };
    } else {
      // Nothing else fits (the fixture's slots are running out): the engine's choice,
      // which waitlists the request if nothing is left at all.
      const { slot: _taken, ...body } = call.body;
      call.body = body;
    }
  }
  return { acknowledged: undefined, conflicts, unexpected: undefined };
}

/** Books until the server is killed; resolves once every worker has stopped. */
export async function bookUntilKilled(options: LoadOptions): Promise<LoadOutcome> {
  const acknowledged: Acknowledged[] = [];
  const unanswered: BookingCall[] = [];
  const unexpected: string[] = [];
  let conflicts = 0;
  let killed = false;
  let killing: Promise<unknown> | undefined;
  const startKillClock = () => {
    killing ??= new Promise((resolve) => setTimeout(resolve, options.killAfterMs)).then(() => {
      killed = true;
      return options.kill();
    });
  };

  const worker = async () => {
    while (!killed) {
      const call = options.nextCall();
      if (!call) break;
      let settled: Settled;
      try {
        settled = await settleCall(options, call, () => !killed);
      } catch (error) {
        // Only the kill may cut a call off; any other network failure is a finding.
        if (!killed) throw error;
        unanswered.push(call);
        continue;
      }
      conflicts += settled.conflicts;
      if (settled.unexpected) unexpected.push(settled.unexpected);
      if (settled.acknowledged) {
        acknowledged.push(settled.acknowledged);
        startKillClock();
      }
    }
  };
  const workers = Array.from({ length: options.concurrency }, worker);
  // A worker that throws must not leave the server running: kill it, then report.
  const settled = await Promise.allSettled(workers);
  killed = true;
  await (killing ?? options.kill());
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return { acknowledged, unanswered, conflicts, unexpected };
}

interface Answer {
  readonly status: number;
  readonly acknowledged: Acknowledged | undefined;
  /** A 409's next options, as slots to pick. */
  readonly nextSlots: readonly Json[];
  readonly detail: string;
}

/** Makes `call` once; throws if cut off. */
async function postBooking({ address, authorization }: Client, call: BookingCall): Promise<Answer> {
  const response = await fetch(`${address}/appointments`, {
    method: 'POST',
    headers: {
      authorization,
      'content-type': 'application/json',
      'idempotency-key': call.key,
    },
    body: JSON.stringify(call.body),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const json = (await response.json()) as Json;
  const status = response.status;
  if (status === 201 || status === 202) {
    const appointment = json.appointment as { id: string } | undefined;
    return {
      status,
      acknowledged: {
        key: call.key,
        patientId: call.patientId,
        status,
        requestId: String(json.requestId),
        appointmentId: status === 201 ? appointment?.id : undefined,
        replayed: response.headers.get('idempotent-replayed') === 'true',
      },
      nextSlots: [],
      detail: '',
    };
  }
  const nextOptions = (json.nextOptions ?? []) as { clinicianId: string; start: string }[];
  return {
    status,
    acknowledged: undefined,
    nextSlots: nextOptions.map((o) => ({ clinicianId: o.clinicianId, start: o.start })),
    detail: String(json.detail ?? json.title ?? ''),
  };
}
