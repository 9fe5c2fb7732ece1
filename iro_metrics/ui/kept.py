"""A bounded store of values built once by key, shared by the server's threads: the charts'
specifications and the forms they are sent in are kept here, so memory stays flat however many
views are asked for."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """At most ``limit`` values, the least recently used dropped first. Two threads asking at
    once for a key not yet kept may both build its value; the later one is kept."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def get_or_build(self, key: K, build: Callable[[], V]) -> V:
        """The value kept for ``key``, else ``build()``'s, kept from now on (built outside the
        lock, so that one slow build holds up no other thread)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        made = build()
        with self._lock:
            self._values[key] = made
            while len(self._values) > self._limit:
                self._values.popitem(last=False)
        return made
