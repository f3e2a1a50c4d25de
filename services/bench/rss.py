"""Peak resident memory of running processes, sampled in a thread: what the benchmark and the load test report."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence

import psutil


class RssSampler:
    """Peak RSS in MB of each given process (with its children), sampled every ``every`` seconds."""

    def __init__(self, pids: Sequence[int], every: float = 0.25) -> None:
        self.pids = list(pids)
        self.peaks = [0.0 for _ in pids]
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self, pid: int) -> float:
        try:
            proc = psutil.Process(pid)
            total = proc.memory_info().rss
            for child in proc.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
            return total / 2**20
        except psutil.Error:
            return 0.0

    def _run(self) -> None:
        while not self._stop.is_set():
            for i, pid in enumerate(self.pids):
                self.peaks[i] = max(self.peaks[i], self._rss(pid))
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
