"""Connected groups of ids (union-find): what ties event mentions into events and articles into stories."""

from __future__ import annotations

from collections.abc import Iterable


class Groups:
    """Each id's group, named by its smallest member, so the names do not depend on the order of the unions."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    @classmethod
    def known(cls, members: Iterable[tuple[str, str | None]]) -> Groups:
        """Every member, those stored under one name (an event, a story) already together: where a batch's new
        ties start from. ``members``: (id, the stored group's name or None)."""
        groups = cls()
        first_of: dict[str, str] = {}
        for member, name in members:
            groups.find(member)
            if name is not None:
                groups.union(member, first_of.setdefault(name, member))
        return groups
