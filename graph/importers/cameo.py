"""CAMEO event codes to geokg relations.

The correspondence comes from the ontology (each relation's ``gkg:cameoCode`` annotation,
read through ``graph.vocab.relations()``), made unambiguous by a small table where several
relations share a code, and completed with a few finer codes. A code is looked up by its
longest known prefix: ``1312`` falls under ``13`` (threatens), ``0834`` under nothing (the
generic ``interactsWith``, which keeps the CAMEO code on the statement).

>>> relation_for("054"), relation_for("1631"), relation_for("192"), relation_for("195")
('recognizes', 'sanctions', 'occupies', 'invades')
>>> relation_for("111"), relation_for("112"), relation_for("138"), relation_for("0834")
('criticizes', 'accuses', 'threatens', 'interactsWith')
"""

from __future__ import annotations

from functools import lru_cache

GENERIC = "interactsWith"

# Codes several relations claim in the ontology: which one an event of that code becomes.
# None means "no single relation fits": the lookup falls back to a shorter prefix.
PREFERRED: dict[str, str | None] = {
    "03": "cooperatesWith",     # express intent to cooperate (cooperatesWith 03/05/06, negotiatesWith 03/04)
    "04": "communicatesWith",   # consult (communicatesWith 04, negotiatesWith 03/04)
    "051": "supports",          # praise or endorse (supports, endorses)
    "06": "cooperatesWith",     # engage in material cooperation (cooperatesWith, violatesSanctionsOn)
    "062": None,                # cooperate militarily: arms trade or exercises, direction unknown -> 06
    "111": "criticizes",        # criticize or denounce (criticizes, condemns)
    "19": "invades",            # fight (invades, occupies)
}

# Finer codes the ontology does not annotate.
EXTRA: dict[str, str] = {
    "046": "negotiatesWith",    # engage in negotiation
    "192": "occupies",          # occupy territory
}


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, str | None]:
    """CAMEO code or root -> relation local name (None: fall back to a shorter prefix)."""
    from ..vocab import relations

    claims: dict[str, list[str]] = {}
    for rel in relations().values():
        for code in (rel.cameo or "").split("/"):
            if code.strip():
                claims.setdefault(code.strip(), []).append(rel.name)
    table: dict[str, str | None] = {}
    for code, names in claims.items():
        table[code] = PREFERRED[code] if code in PREFERRED else (names[0] if len(names) == 1 else None)
    table.update(EXTRA)
    return table


def relation_for(code: str) -> str:
    """The relation of a CAMEO event code: longest known prefix, else ``interactsWith``."""
    table = cameo_table()
    code = code.strip()
    for n in range(len(code), 1, -1):
        name = table.get(code[:n])
        if name:
            return name
    return GENERIC
