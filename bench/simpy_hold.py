"""The hold model in SimPy 2 (Debian's python3-simpy, SimPy 2.3.1): the
baseline `drillsim bench` compares the kernel with.

usage: simpy_hold.py PENDING EVENTS SEED
PENDING processes each hold for an exponential time (mean 1) in a loop, so
PENDING events are always pending. Like the C++ hold runs, it first runs
min(PENDING, 2e6) events untimed (one turnover, so the timed part sees the
steady state), then times EVENTS events. Prints "EVENTS SECONDS". Exits 3 when SimPy 2 is not installed.
"""
import random
import sys
import time

try:
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
    print(done[0] - warm_up, seconds)


if __name__ == "__main__":
    main()
