"""The caps a reader must keep on hostile input: each input read in under 5 s and 64 MB.

Both the fuzz (tests/test_reader_fuzz.py) and the regression tests of the security review
(tests/test_reader_limits.py) read through `measured`, so the caps have one home.
"""
from __future__ import annotations

import signal
import time
import tracemalloc

MAX_SECONDS = 5
MEMORY_CAP = 64 * 1024 * 1024
RUNAWAY_SECONDS = 20  # a reader still busy by then is stopped: the test fails, not hangs


def measured(read, *args, memory_cap: int = MEMORY_CAP, **kwargs):
    """Run one reader on one input and return what it returns. Time (perf_counter) and memory
    (tracemalloc peak) are checked whether the reader returns or raises: a refusal must be
    quick and small too. They are measured in two runs of the same (deterministic) reader,
    because tracing every allocation makes a run of many small objects ten times slower
    than a phone would find it. A reader that runs away is stopped after RUNAWAY_SECONDS."""
    def stop(signum, frame):
        raise TimeoutError(f"the reader took more than {RUNAWAY_SECONDS} s")
    previous = signal.signal(signal.SIGALRM, stop)
    outer = signal.alarm(RUNAWAY_SECONDS)  # pytest-timeout's alarm, if any: put back below
    try:
        started = time.perf_counter()
        try:
            read(*args, **kwargs)
        except TimeoutError:
            raise
        except Exception:  # the second run raises it again, to the caller
            pass
        elapsed = time.perf_counter() - started
        assert elapsed < MAX_SECONDS, f"{elapsed:.1f} s"
        tracemalloc.start()
        try:
            return read(*args, **kwargs)
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert peak < memory_cap, f"{peak / 2**20:.0f} MB"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        signal.alarm(outer)
