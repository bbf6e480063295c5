"""The simulator reduced to one queue, written in SimPy 2.3 (Debian's python3-simpy), as the
reference `npm run bench -- simulate` times Timely against.

Poisson(lambda) requests arrive at the start of each day and queue first come, first
served for a pool of `c` appointments a day: a Resource of capacity c whose units are
held for one day each. A request's wait is the day it is seen minus the day it arrived,
so the backlog follows Q' = max(Q + A - c, 0), as in Timely's queue-validation example.

Usage: python3 daily_queue.py LAMBDA C DAYS SEED
Prints one JSON object: requests served, seconds of simulation, mean wait in days.
"""

import json
import math
import random
import sys
import time

from SimPy.Simulation import (Process, Resource, activate, hold, initialize, now, release,
                              request, simulate)


class Tally:
    def __init__(self):
        self.served = 0
        self.total_wait = 0


class Patient(Process):
    def visit(self, arrived, pool, tally):
        yield request, self, pool
        tally.served += 1
        tally.total_wait += now() - arrived
        yield hold, self, 1  # the appointment takes the unit for the day
        yield release, self, pool


class Arrivals(Process):
    def run(self, lam, days, pool, tally, rng):
        limit = math.exp(-lam)
        for day in range(days):
            # Knuth's method, as Timely's Random.poisson does for small lambda.
            k, p = 0, rng.random()
            while p > limit:
                k += 1
                p *= rng.random()
            for _ in range(k):
                patient = Patient()
                activate(patient, patient.visit(now(), pool, tally))
            yield hold, self, 1


def main(argv):
    lam, c, days, seed = float(argv[1]), int(argv[2]), int(argv[3]), int(argv[4])
    rng = random.Random(seed)
    tally = Tally()
    started = time.perf_counter()
    initialize()
    pool = Resource(capacity=c, name="appointments")  # FIFO queue by default
    arrivals = Arrivals()
    activate(arrivals, arrivals.run(lam, days, pool, tally, rng))
    # Past the last arrival day the pool keeps seeing the queue until it is empty.
    simulate(until=10 * days + 1000)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "requests": tally.served,
        "seconds": seconds,
        "meanWaitDays": tally.total_wait / tally.served if tally.served else 0,
    }))


if __name__ == "__main__":
    main(sys.argv)
