"""effects.py: the scenario's effects around a self-test's runner: the
simulated network (network.py) always, the seeded random module, and the
concurrency burst (THREAD_BURST threads, ASYNC_TASK_BURST tasks, a CPU
burner thread when CPU_SPIKE) the stub runs each call in."""
import asyncio
import inspect
import random
import threading
import time

from . import network
from .payloads import Payloads
from .scenario import context, derive

BURST_STACK = 256 * 1024


class Effects:
    def __init__(self, scenario, edge_cases=None):
        self.sc = scenario
        self.stats = network.Stats()
        self.payloads = Payloads(scenario, edge_cases)
        self.threads = 0
        self.tasks = 0

    def install(self):
        network.install(network.Network(self.sc, self.payloads, self.stats))
        random.seed(derive(self.sc.seed, "random"))

    def enter(self, key):
        """a function's calls or a test start: name its streams, reseed
        random so the module's own random numbers do not depend on order"""
        context.set(key)
        random.seed(derive(self.sc.seed, "random", key))

    def summary(self):
        st = self.stats
        return {"network_calls": st.network_calls, "delayed_ms": st.delayed_ms,
                "failed_requests": st.failed_requests, "threads": self.threads,
                "tasks": self.tasks}

    def burst(self, key, fn, args, kwargs, timeout):
        """call fn in THREAD_BURST threads at once (ASYNC_TASK_BURST tasks
        for a coroutine function); returns the list of exceptions raised
        (None for a return) and whether some did not end within timeout"""
        if inspect.iscoroutinefunction(fn) and self.sc.task_burst > 1:
            return self._tasks(key, fn, args, kwargs), False
        n = max(1, self.sc.thread_burst)
        results = [None] * n
        done = [False] * n
        start = threading.Barrier(n + (1 if self.sc.cpu_spike else 0))
        stop = threading.Event()

        def run(i):
            context.set("%s#%d" % (key, i))
            try:
                try:
                    start.wait()
                except threading.BrokenBarrierError:
                    pass
                call_through(fn, args, kwargs)
            except BaseException as e:
                results[i] = e
            done[i] = True

        threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(n)]
        if self.sc.cpu_spike:
            threads.append(threading.Thread(target=_burn, args=(start, stop), daemon=True))
        started = start_all(threads, start)
        self.threads += len(started)
        deadline = time.monotonic() + timeout
        for t in started:
            if t in threads[:n]:
                t.join(max(0.0, deadline - time.monotonic()))
        stop.set()
        return results, not all(done[i] for i, t in enumerate(threads[:n]) if t in started)

    def _tasks(self, key, fn, args, kwargs):
        n = self.sc.task_burst
        self.tasks += n

        async def gather():
            return await asyncio.gather(*(fn(*args, **kwargs) for _ in range(n)),
                                        return_exceptions=True)
        context.set(key)
        res = asyncio.run(gather())
        return [r if isinstance(r, BaseException) else None for r in res]


def start_all(threads, barrier):
    """start threads with small stacks (a burst must fit RLIMIT_AS); when
    the system refuses one, the burst is the threads that started"""
    old = threading.stack_size(BURST_STACK)
    started = []
    try:
        for t in threads:
            try:
                t.start()
            except RuntimeError:
                barrier.abort()
                break
            started.append(t)
    finally:
        threading.stack_size(old)
    return started


def _burn(start, stop):
    try:
        start.wait()
    except threading.BrokenBarrierError:
        pass
    x = 0
    while not stop.is_set():
        for i in range(10000):
            x += i * i


def call_through(fn, args, kwargs):
    """call fn; run a coroutine it returns, drain a generator (at most 10,000
    items) so lazy code runs too"""
    r = fn(*args, **kwargs)
    if inspect.iscoroutine(r):
        r = asyncio.run(r)
    elif inspect.isgenerator(r):
        for i, _ in enumerate(r):
            if i >= 10000:
                break
        r = None
    elif inspect.isasyncgen(r):
        async def drain(g):
            i = 0
            async for _ in g:
                i += 1
                if i >= 10000:
                    break
        asyncio.run(drain(r))
        r = None
    return r
