"""``geokg stats``: what the store holds."""

from __future__ import annotations

from .store.naming import short_name

STATUS_QUERY = """
SELECT ?status ?negated (COUNT(?st) AS ?n) WHERE {
  ?st a gkg:Statement ; gkg:status ?status ; gkg:negated ?negated .
} GROUP BY ?status ?negated ORDER BY ?status ?negated
"""

RELATION_QUERY = """
SELECT ?rel (COUNT(?st) AS ?n) WHERE { ?st a gkg:Statement ; gkg:relation ?rel . }
GROUP BY ?rel ORDER BY DESC(?n) ?rel
"""

KIND_QUERY = """
SELECT ?kind (COUNT(DISTINCT ?a) AS ?n) WHERE {
  VALUES ?kind { gkg:State gkg:Territory gkg:Person gkg:Organization gkg:Bloc
                 gkg:IntergovernmentalOrganization gkg:ThinkTank gkg:GovernmentBody gkg:ArmedGroup gkg:Alliance }
  ?a a ?kind .
} GROUP BY ?kind ORDER BY ?kind
"""


def stats(store) -> dict:
    graphs = {short_name(g): n for g, n in store.graphs().items()}
    statuses = {}
    for r in store.select(STATUS_QUERY):
        key = r["status"].value + (" (negated)" if r["negated"].value == "true" else "")
        statuses[key] = int(r["n"].value)
    relations = {r["rel"].value.rsplit("#", 1)[-1]: int(r["n"].value) for r in store.select(RELATION_QUERY)}
    kinds = {r["kind"].value.rsplit("#", 1)[-1]: int(r["n"].value) for r in store.select(KIND_QUERY)}
    return {
        "triples": sum(graphs.values()),
        "graphs": graphs,
        "actors": kinds,
        "statements": statuses,
        "relations": relations,
    }
