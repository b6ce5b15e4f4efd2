"""The caseworker-employer contact graph, through which placements and jobs are found.

The contacts are kept as an edge list in the order they were made (two sets index it); all
else is derived from it when it has changed. The weekly hot path needs "a random contact of
caseworker c, optionally in sector s" for thousands of citizens at once, so it reads compressed
adjacency arrays (`csr`). What the UI draws and analysts inspect is a networkx.Graph (`graph`),
built from the same list when asked for: a run's hires, leavers and new contacts then cost no
graph updates that nobody reads (a run seldom looks at the graph more than once).
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from sim.core.compiled import kernel
from sim.core.states import N_SECTORS


def cw_node(cw: int) -> tuple[str, int]:
    return ("caseworker", int(cw))


def emp_node(e: int) -> tuple[str, int]:
    return ("employer", int(e))


class ContactNetwork:
    """Contacts between caseworkers and the employers of their own jobcentre (`group`).

    A caseworker comes to know employers at random, open ones more easily (weights), and only
    within their jobcentre's area; the jobcentre's employer service draws from the same area.
    """

    def __init__(
        self,
        employer_sector: np.ndarray,
        employer_weight: np.ndarray,
        group: np.ndarray | None = None,
    ) -> None:
        self.sector = employer_sector
        m = employer_sector.size
        self.group = np.zeros(m, dtype=np.int64) if group is None else group.astype(np.int64)
        n_groups = int(self.group.max()) + 1
        # Employers sorted by group; within each group the cumulative weights run from 0 to 1,
        # shifted by the group's number, so one searchsorted draws for citizens of any group.
        self._members = np.argsort(self.group, kind="stable")
        w = employer_weight[self._members]
        sizes = np.bincount(self.group, minlength=n_groups)
        self._group_start = np.concatenate([[0], np.cumsum(sizes)])
        cum = np.empty(m)
        for g in range(n_groups):
            lo, hi = self._group_start[g], self._group_start[g + 1]
            cum[lo:hi] = g + np.cumsum(w[lo:hi]) / w[lo:hi].sum()
        self._cum = cum
        self._dirty = True
        self._n_cw = 0
        # The contacts, oldest first: the record the arrays and the graph derive from. The two
        # sets index it (is a contact known already? who is in the network?) and change with it.
        self._edge_cw = np.zeros(0, dtype=np.int64)
        self._edge_emp = np.zeros(0, dtype=np.int64)
        self._pairs: set[tuple[int, int]] = set()
        self._present: set[int] = set()
        self._graph: nx.Graph | None = None

    def draw(self, u: np.ndarray, group: np.ndarray | int) -> np.ndarray:
        """One employer of `group` per uniform draw in `u`, open ones more likely."""
        g = np.asarray(group, dtype=np.int64)
        pos = np.searchsorted(self._cum, g + np.asarray(u), side="right")
        pos = np.minimum(pos, self._group_start[g + 1] - 1)
        return self._members[pos]

    def group_size(self, group: int) -> int:
        return int(self._group_start[group + 1] - self._group_start[group])

    def add_caseworker(
        self, cw: int, n_contacts: int, rng: np.random.Generator, group: int = 0
    ) -> None:
        """A new caseworker arrives with contacts in their jobcentre's area, open employers
        being easier to know. Caseworker numbers rise with each hire and are never reused
        (`Caseworkers.add`), which is what lets `graph` list caseworkers by number."""
        if cw < self._n_cw:
            raise ValueError(f"caseworker {cw} is not a new hire (numbers rise, never reused)")
        self._present.add(int(cw))
        k = min(n_contacts, self.group_size(group))
        if k:
            chosen = self._sample_without_replacement(k, rng, group)
            self._pairs.update((int(cw), e) for e in chosen.tolist())
            self._append_edges(np.full(k, cw), chosen)
        self._n_cw = max(self._n_cw, cw + 1)
        self._dirty = True
        self._graph = None

    def _sample_without_replacement(
        self, k: int, rng: np.random.Generator, group: int
    ) -> np.ndarray:
        """k distinct employers, each draw weighted by openness among those not yet chosen.

        Drawing with replacement and discarding repeats gives exactly this successive-sampling
        distribution, and costs O(k log m) on the cached cumulative weights instead of the
        O(m) that `Generator.choice(p=..., replace=False)` pays on every call.
        """
        chosen: list[int] = []
        seen: set[int] = set()
        while len(chosen) < k:
            for e in self.draw(rng.random(k - len(chosen)), group):
                e = int(e)
                if e not in seen and len(chosen) < k:
                    seen.add(e)
                    chosen.append(e)
        return np.asarray(chosen, dtype=np.int64)

    def _append_edges(self, cws: np.ndarray, emps: np.ndarray) -> None:
        self._edge_cw = np.concatenate([self._edge_cw, np.asarray(cws, dtype=np.int64)])
        self._edge_emp = np.concatenate([self._edge_emp, np.asarray(emps, dtype=np.int64)])

    def add_contact(self, cw: int, e: int) -> None:
        """Caseworker `cw` comes to know employer `e` (nothing changes if they do already)."""
        if cw not in self._present:
            raise ValueError(f"caseworker {cw} is not in the network")
        pair = (int(cw), int(e))
        if pair not in self._pairs:
            self._pairs.add(pair)
            self._append_edges(np.array([cw]), np.array([e]))
            self._dirty = True
            self._graph = None

    def remove_caseworker(self, cw: int) -> int:
        """A leaver takes their contacts with them; returns how many were lost."""
        if cw not in self._present:
            raise ValueError(f"caseworker {cw} is not in the network")
        self._present.remove(int(cw))
        keep = self._edge_cw != cw
        for e in self._edge_emp[~keep].tolist():
            self._pairs.discard((int(cw), e))
        lost = int(keep.size - np.count_nonzero(keep))
        self._edge_cw = self._edge_cw[keep]
        self._edge_emp = self._edge_emp[keep]
        self._dirty = True
        self._graph = None
        return lost

    @property
    def graph(self) -> nx.Graph:
        """The contacts as a networkx.Graph: a node per employer ("employer", e) with its
        sector, one per caseworker in the network ("caseworker", c), an edge per contact.

        Built from the edge list the first time it is asked for after a change, in the order
        the network grew (employers, then caseworkers by number, then contacts oldest first),
        so it is the same graph, neighbour order included, as one updated at every change. A
        snapshot: the model never reads it, and later calls return the same object until the
        contacts change, so copy it (`graph.copy()`) before changing it; ask again after a week
        for the week's contacts.
        """
        if self._graph is None:
            g = nx.Graph()
            g.add_nodes_from(
                (emp_node(e), {"kind": "employer", "sector": int(s)})
                for e, s in enumerate(self.sector.tolist())
            )
            g.add_nodes_from((cw_node(c), {"kind": "caseworker"}) for c in sorted(self._present))
            g.add_edges_from(
                (cw_node(c), emp_node(e))
                for c, e in zip(self._edge_cw.tolist(), self._edge_emp.tolist(), strict=True)
            )
            self._graph = g
        return self._graph

    @property
    def n_contacts(self) -> int:
        """Caseworker-employer contacts held now."""
        return int(self._edge_cw.size)

    def contacts(self, cw: int) -> list[int]:
        """The employers caseworker `cw` knows now, in employer order."""
        return sorted(self._edge_emp[self._edge_cw == cw].tolist())

    def _rebuild(self) -> None:
        (self.indptr, self.indices, self.sector_indptr, self.sector_indices) = contact_arrays(
            self._edge_cw, self._edge_emp, self._n_cw, self.sector
        )
        self._dirty = False

    def contacts_where(self, employer_mask: np.ndarray) -> np.ndarray:
        """Per caseworker id, how many of their contacts satisfy `employer_mask`."""
        if self._dirty:
            self._rebuild()
        hits = np.concatenate([[0], np.cumsum(employer_mask[self.indices])])
        return hits[self.indptr[1:]] - hits[self.indptr[:-1]]

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The contact arrays the compiled search reads (`pick_contact`): contacts by
        caseworker, and by (caseworker, sector)."""
        if self._dirty:
            self._rebuild()
        return self.indptr, self.indices, self.sector_indptr, self.sector_indices


@kernel
def contact_arrays(edge_cw, edge_emp, n_cw, sector):
    """Compressed adjacency of the contact graph from its edge list: each caseworker's
    contacts in employer order (`indptr`, `indices`), and the same grouped by sector within
    each caseworker (`sector_indptr`, `sector_indices`, keyed by cw * N_SECTORS + sector)."""
    n_emp = sector.size
    # Counting sort by employer, then a stable one by caseworker: employer order within each.
    by_emp = np.zeros(n_emp + 1, dtype=np.int64)
    for e in edge_emp:
        by_emp[e + 1] += 1
    by_emp = np.cumsum(by_emp)
    order = np.empty(edge_emp.size, dtype=np.int64)
    for j in range(edge_emp.size):
        order[by_emp[edge_emp[j]]] = j
        by_emp[edge_emp[j]] += 1
    indptr = np.zeros(n_cw + 1, dtype=np.int64)
    for c in edge_cw:
        indptr[c + 1] += 1
    indptr = np.cumsum(indptr)
    fill = indptr[:-1].copy()
    indices = np.empty(edge_emp.size, dtype=np.int64)
    for j in order:
        indices[fill[edge_cw[j]]] = edge_emp[j]
        fill[edge_cw[j]] += 1
    sector_indptr = np.zeros(n_cw * N_SECTORS + 1, dtype=np.int64)
    for c in range(n_cw):
        for j in range(indptr[c], indptr[c + 1]):
            sector_indptr[c * N_SECTORS + sector[indices[j]] + 1] += 1
    sector_indptr = np.cumsum(sector_indptr)
    fill = sector_indptr[:-1].copy()
    sector_indices = np.empty(edge_emp.size, dtype=np.int64)
    for c in range(n_cw):
        for j in range(indptr[c], indptr[c + 1]):
            key = c * N_SECTORS + sector[indices[j]]
            sector_indices[fill[key]] = indices[j]
            fill[key] += 1
    return indptr, indices, sector_indptr, sector_indices


@kernel
def draw_employer(cum, members, group_start, u, group):
    """One employer of `group` for the uniform `u`, open ones more likely (see
    `ContactNetwork.draw`)."""
    pos = np.searchsorted(cum, group + u, side="right")
    return members[min(pos, group_start[group + 1] - 1)]


@kernel
def pick_contact(indptr, indices, sector_indptr, sector_indices, cw, wish, u_seek, u_pick, p_fit):
    """One employer from caseworker `cw`'s contacts, or -1 (no caseworker, or no contacts).

    With chance `p_fit` (`u_seek` below it) the caseworker looks among contacts in the wished
    sector, when there are any, otherwise among all contacts; `u_pick` picks one of them.
    """
    if cw < 0 or cw + 1 >= indptr.size:
        return -1
    key = cw * N_SECTORS + wish
    lo, hi = sector_indptr[key], sector_indptr[key + 1]
    if u_seek < p_fit and hi > lo:
        return sector_indices[lo + min(int(u_pick * (hi - lo)), hi - lo - 1)]
    lo, hi = indptr[cw], indptr[cw + 1]
    if hi == lo:
        return -1
    return indices[lo + min(int(u_pick * (hi - lo)), hi - lo - 1)]
