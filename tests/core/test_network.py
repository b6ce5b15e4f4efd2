"""The contact network keeps one record, its edge list, and derives the graph from it: the graph
a user gets is the one that following every hire, new contact and leaver would have built, down
to the order of each node's neighbours (which networkx's layouts and traversals depend on)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from sim.core.network import ContactNetwork, cw_node, emp_node


class Recording(ContactNetwork):
    """Keeps the employers each new caseworker was given, in the order they were drawn."""

    def _sample_without_replacement(self, k, rng, group):
        self.last_chosen = super()._sample_without_replacement(k, rng, group)
        return self.last_chosen


def followed_step_by_step(seed: int, n_operations: int = 400):
    """A network and a networkx graph updated alongside it at every change; also snapshots
    of both every 25 changes, and how many caseworkers were hired."""
    rng = np.random.default_rng(seed)
    m = 40
    sector = rng.integers(0, 6, m)
    net = Recording(sector, rng.random(m) + 0.1, rng.integers(0, 3, m))
    ref = nx.Graph()
    for e, s in enumerate(sector):
        ref.add_node(emp_node(e), kind="employer", sector=int(s))
    present: list[int] = []
    next_cw = 0
    snapshots = []
    for step in range(n_operations):
        action = rng.random()
        if action < 0.3 or not present:
            cw, next_cw = next_cw, next_cw + 1
            net.last_chosen = np.zeros(0, dtype=np.int64)
            net.add_caseworker(cw, int(rng.integers(0, 6)), rng, int(rng.integers(0, 3)))
            ref.add_node(cw_node(cw), kind="caseworker")
            ref.add_edges_from((cw_node(cw), emp_node(e)) for e in net.last_chosen)
            present.append(cw)
        elif action < 0.8:
            cw, e = int(rng.choice(present)), int(rng.integers(0, m))
            net.add_contact(cw, e)
            if not ref.has_edge(cw_node(cw), emp_node(e)):
                ref.add_edge(cw_node(cw), emp_node(e))
        else:
            cw = int(rng.choice(present))
            lost = net.remove_caseworker(cw)
            assert lost == ref.degree(cw_node(cw))
            ref.remove_node(cw_node(cw))
            present.remove(cw)
        if step % 25 == 0:
            snapshots.append((layout(net.graph), layout(ref), net.n_contacts))
    return net, ref, snapshots, next_cw


def layout(g: nx.Graph) -> tuple[list, dict]:
    """What order-sensitive code sees of a graph: its nodes with their attributes, in order,
    and each node's neighbours, in order (`Graph.copy` would re-sort the latter)."""
    return list(g.nodes(data=True)), {node: list(g.adj[node]) for node in g}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_graph_is_the_one_that_following_every_change_builds(seed):
    net, ref, snapshots, _ = followed_step_by_step(seed)
    assert layout(net.graph) == layout(ref)
    assert net.graph.number_of_edges() == ref.number_of_edges() == net.n_contacts
    for got, want, n_contacts in snapshots:
        assert got == want
        assert n_contacts == sum(len(v) for v in want[1].values()) // 2


def test_contacts_are_a_caseworkers_neighbours_and_a_leaver_has_none():
    net, ref, _, hired = followed_step_by_step(4)
    caseworkers = [n for n, kind in ref.nodes(data="kind") if kind == "caseworker"]
    assert caseworkers, "the sequence kept some caseworkers"
    for node in caseworkers:
        assert net.contacts(node[1]) == sorted(e for _, e in ref.neighbors(node))
    kept = {c for _, c in caseworkers}
    left = [c for c in range(hired) if c not in kept]
    assert left, "the sequence had leavers"
    assert all(net.contacts(c) == [] for c in left)
    assert net.contacts(hired) == [], "nor has somebody never hired"


def test_a_contact_made_twice_counts_once_and_the_graph_follows_every_change():
    sector = np.array([0, 1, 2, 3])
    net = ContactNetwork(sector, np.ones(4))
    net.add_caseworker(0, 0, np.random.default_rng(0))
    before = net.graph
    net.add_contact(0, 2)
    net.add_contact(0, 2)
    assert net.n_contacts == 1
    assert net.graph is not before, "a new contact is seen by the next request for the graph"
    assert net.graph.has_edge(cw_node(0), emp_node(2))
    assert net.graph is net.graph, "no change, no rebuild"
    net.add_caseworker(1, 0, np.random.default_rng(0))
    assert cw_node(1) in net.graph, "a hire is seen too"
    assert net.remove_caseworker(0) == 1
    assert cw_node(0) not in net.graph and net.n_contacts == 0, "and a leaver"


def test_changes_the_model_never_makes_are_refused():
    net = ContactNetwork(np.array([0, 1]), np.ones(2))
    net.add_caseworker(0, 1, np.random.default_rng(0))
    net.add_caseworker(1, 1, np.random.default_rng(0))
    with pytest.raises(ValueError, match="not a new hire"):
        net.add_caseworker(0, 1, np.random.default_rng(0))
    net.remove_caseworker(1)
    with pytest.raises(ValueError, match="not in the network"):
        net.add_contact(1, 0)
    with pytest.raises(ValueError, match="not in the network"):
        net.remove_caseworker(1)
