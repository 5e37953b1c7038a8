"""SIPRI arms transfers (360info's processed export): supplier suppliesArmsTo recipient, per year.

A recipe over the CSV importer: columns supplier/recipient (names), supplier_cown/recipient_cown
(Correlates of War codes), year, value (the trend-indicator value, TIV, kept as gkg:value).
Every row becomes a statement. Parties are found by COW code among the reference states
(historical codes lead to their successor); where the code is NA, by name. SIPRI marks
non-state armed groups with one asterisk and international organisations with two: these are
never taken for the state whose COW code the row carries ("Mujahedin (Afghanistan)*" is not
Afghanistan); they are found by name (NATO, United Nations) or created in the import graph as
``actor:sipri-<name>`` (gkg:ArmedGroup, gkg:IntergovernmentalOrganization; unknown parties
and entities such as Biafra as gkg:Actor and gkg:Territory).
"""

from __future__ import annotations

from ..store.naming import slugify
from .common import DATASET_STATUS, ActorCodes, NewActors, dataset_source, default_graph, reading, write_import
from .csvmap import ActorResolver, CsvMapping, read_csv

MAPPING = dict(subject="supplier_cown", subject_label="supplier", object="recipient_cown", object_label="recipient",
               relation="suppliesArmsTo", date="year", value="value", codes="cow", create_actors=True)


class SipriResolver(ActorResolver):
    """COW codes, except for SIPRI's marked non-state parties."""

    def __call__(self, cell: str, label: str = "") -> str:
        label = label.strip()
        if label.endswith("*"):
            name = label.rstrip("*").strip()
            kind = "IntergovernmentalOrganization" if label.endswith("**") else "ArmedGroup"
            return self.codes.by_name(name) or self.new.add(f"sipri-{slugify(name)}", kind, name)
        return super().__call__(cell, label)

    def unknown_name(self, name: str) -> str:
        kind = "Actor" if name.lower().startswith("unknown") else "Territory"
        return self.new.add(f"sipri-{slugify(name)}", kind, name)


def import_sipri(store, path, *, graph: str | None = None, skip_bad: bool = False, status: str = DATASET_STATUS,
                 progress=None):
    """Import the SIPRI arms-transfer file into ``import/sipri`` (or ``graph``)."""
    graph = graph or default_graph("sipri")
    new = NewActors()
    resolve = SipriResolver(ActorCodes(store), "cow", new, prefix="sipri")
    source = dataset_source("sipri", path, "SIPRI Arms Transfers Database, trend-indicator values by year "
                            "(processed by 360info)", publisher="SIPRI",
                            url="https://www.sipri.org/databases/armstransfers")
    with reading(progress, path) as bar:
        statements, report = read_csv(path, CsvMapping(**MAPPING), resolve, graph, kind="sipri", source=source,
                                      skip_bad=skip_bad, status=status, bar=bar)
    return write_import(store, graph, statements, report, extra_triples=new.triples(), progress=progress)

