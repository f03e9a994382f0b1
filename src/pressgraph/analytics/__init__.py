"""Partnership analytics over NetworkX: projections of the store, metrics, paths, change.

>>> from pressgraph.analytics import Filters
>>> Filters(since="2020-01-01").params(["since", "until"])
{'since': '2020-01-01'}
"""

from .metrics import (
    brokers,
    centrality,
    communities,
    components,
    ego,
    modularity,
    resolve,
)
from .paths import Hop, Path, hop_evidence, k_shortest_paths
from .projections import (
    NETWORKS,
    Filters,
    bipartite_from_rows,
    co_involvement,
    co_involvement_from_releases,
    co_involvement_from_rows,
    filtered_release_organizations,
    funding_network,
    involvement_rows,
    network,
    organization_attributes,
    organizations_of_type,
    person_org_network,
    release_organizations,
    selected_releases,
)
from .temporal import (
    brokerage_change,
    networks_by_period,
    networks_by_period_from_releases,
    partner_changes,
    period_summary,
    tie_persistence,
)
from .writeback import scores_graph, write_scores

__all__ = [
    "NETWORKS",
    "Filters",
    "Hop",
    "Path",
    "bipartite_from_rows",
    "brokerage_change",
    "brokers",
    "centrality",
    "co_involvement",
    "co_involvement_from_releases",
    "co_involvement_from_rows",
    "communities",
    "components",
    "ego",
    "filtered_release_organizations",
    "funding_network",
    "hop_evidence",
    "involvement_rows",
    "k_shortest_paths",
    "modularity",
    "network",
    "networks_by_period",
    "networks_by_period_from_releases",
    "organization_attributes",
    "organizations_of_type",
    "partner_changes",
    "period_summary",
    "person_org_network",
    "release_organizations",
    "resolve",
    "scores_graph",
    "selected_releases",
    "tie_persistence",
    "write_scores",
]
