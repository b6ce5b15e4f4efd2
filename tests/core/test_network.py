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
    """A network and a networkx graph updated alongside it at every change."""
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
            snapshots.append((net.graph.copy(), ref.copy(), net.n_contacts, list(present)))
    return net, ref, snapshots


def same_graph(got: nx.Graph, want: nx.Graph) -> None:
    assert list(got.nodes(data=True)) == list(want.nodes(data=True))
    for node in want:
        assert list(got.adj[node]) == list(want.adj[node]), f"neighbour order of {node}"
    assert got.number_of_edges() == want.number_of_edges()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_graph_is_the_one_that_following_every_change_builds(seed):
    net, ref, snapshots = followed_step_by_step(seed)
    same_graph(net.graph, ref)
    for got, want, n_contacts, _ in snapshots:
        same_graph(got, want)
        assert n_contacts == want.number_of_edges()


def test_contacts_are_a_caseworkers_neighbours_and_a_leaver_has_none():
    net, ref, _ = followed_step_by_step(4)
    caseworkers = [n for n, kind in ref.nodes(data="kind") if kind == "caseworker"]
    assert caseworkers, "the sequence kept some caseworkers"
    for node in caseworkers:
        assert net.contacts(node[1]) == sorted(e for _, e in ref.neighbors(node))
    gone = max(c for _, c in caseworkers) + 1  # never hired
    assert net.contacts(gone) == []


def test_a_contact_made_twice_counts_once_and_the_graph_follows_changes():
    sector = np.array([0, 1, 2, 3])
    net = ContactNetwork(sector, np.ones(4))
    net.add_caseworker(0, 0, np.random.default_rng(0))
    before = net.graph
    net.add_contact(0, 2)
    net.add_contact(0, 2)
    assert net.n_contacts == 1
    assert net.graph is not before, "a change is seen by the next request for the graph"
    assert net.graph.has_edge(cw_node(0), emp_node(2))
    assert net.graph is net.graph, "no change, no rebuild"
    assert net.remove_caseworker(0) == 1
    assert cw_node(0) not in net.graph and net.n_contacts == 0
    net.add_caseworker(1, 0, np.random.default_rng(0))
    net.add_contact(1, 2)
    assert net.n_contacts == 1, "a leaver's contacts do not block a newcomer's"
