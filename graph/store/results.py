"""W3C serialisations of SPARQL results (JSON, CSV, TSV) for rows held in Python."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox


def term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        d = {"type": "literal", "value": term.value}
        if term.language:
            d["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            d["datatype"] = term.datatype.value
        return d
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {k: term_json(getattr(term, k)) for k in ("subject", "predicate", "object")}}
    raise TypeError(type(term))


def term_from_json(d: dict):
    t = d["type"]
    if t == "uri":
        return ox.NamedNode(d["value"])
    if t == "bnode":
        return ox.BlankNode(d["value"])
    if t in ("literal", "typed-literal"):
        if "xml:lang" in d:
            return ox.Literal(d["value"], language=d["xml:lang"])
        if "datatype" in d:
            return ox.Literal(d["value"], datatype=ox.NamedNode(d["datatype"]))
        return ox.Literal(d["value"])
    if t == "triple":
        v = d["value"]
        return ox.Triple(term_from_json(v["subject"]), term_from_json(v["predicate"]), term_from_json(v["object"]))
    raise ValueError(f"unknown term type {t!r}")


def to_json(variables, rows, boolean=None) -> bytes:
    if boolean is not None:
        return json.dumps({"head": {}, "boolean": boolean}).encode()
    bindings = [
        {v: term_json(t) for v, t in zip(variables, row) if t is not None} for row in rows
    ]
    return json.dumps({"head": {"vars": list(variables)}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode()


def csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def tsv_value(term) -> str:
    return "" if term is None else str(term)


def to_delimited(variables, rows, boolean=None, tsv: bool = False) -> bytes:
    out = io.StringIO()
    if boolean is not None:
        out.write("true\n" if boolean else "false\n")
        return out.getvalue().encode()
    if tsv:
        out.write("\t".join("?" + v for v in variables) + "\n")
        for row in rows:
            out.write("\t".join(tsv_value(t) for t in row) + "\n")
    else:
        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(variables)
        for row in rows:
            w.writerow([csv_value(t) for t in row])
    return out.getvalue().encode()
