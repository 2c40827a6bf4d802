"""The process hold model in SimPy 2 (Debian's python3-simpy): the SimPy
baseline of `drillsim bench`.

usage: simpy_hold.py PENDING EVENTS SEED
PENDING processes each hold for an exponential time (mean 1) in a loop, so
PENDING events are always pending: the like-for-like peer of the kernel's
`process` workload, and the nearest SimPy 2 has to its callback `hold`
workload (SimPy 2 has no callback events). Like the C++ runs, it first runs
min(PENDING, 2e6) events untimed (one turnover, so the timed part sees the
steady state), then times EVENTS events. Prints "EVENTS SECONDS VERSION",
the version as the SimPy module reports it. Exits 3 when SimPy 2 is not
installed.
"""
import random
import sys
import time

try:
    import SimPy
    from SimPy.Simulation import Process, activate, hold, initialize, simulate, stopSimulation
except ImportError:
    sys.exit(3)


def main():
    pending, events, seed = (int(a) for a in sys.argv[1:4])
    rng = random.Random(seed)
    warm_up = min(pending, 2000000)
    done = [0]
    started = [0.0]

    class Holder(Process):
        def run(self):
            while True:
                yield hold, self, rng.expovariate(1.0)
                done[0] += 1
                if done[0] == warm_up:
                    started[0] = time.perf_counter()
                if done[0] >= warm_up + events:
                    stopSimulation()

    initialize()
    for _ in range(pending):
        h = Holder()
        activate(h, h.run())
    started[0] = time.perf_counter()  # reset when the warm-up ends
    simulate(until=1e300)
    seconds = time.perf_counter() - started[0]
    print(done[0] - warm_up, seconds, SimPy.__version__)


if __name__ == "__main__":
    main()
