"""Helpers shared by the command modules: the store, output, progress."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click


class SuggestingGroup(click.Group):
    """A group whose unknown-command error names the nearest command ("did you mean")."""

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            from ..suggest import closest

            near = closest(name, self.list_commands(ctx))
            hint = f"; did you mean {near[0]!r}?" if near else ""
            raise click.UsageError(f"No such command {name!r}{hint}", ctx)
        return super().resolve_command(ctx, args)


def get_store(ctx: click.Context | None = None):
    """The store of this invocation, opened on first use and closed when the command ends."""
    ctx = ctx or click.get_current_context()
    root = ctx.find_root()
    root.ensure_object(dict)
    if root.obj.get("store") is None:
        from ..store import open_store

        store = open_store(root.obj.get("store_location"), wait=root.obj.get("wait") or 0)
        root.obj["store"] = store
        root.call_on_close(store.close)
    return root.obj["store"]


def echo_json(data) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def compact(iri: str) -> str:
    """Prefixed form of an IRI when a predeclared prefix fits."""
    from ..vocab import PREFIXES

    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{p}:{iri[len(ns):]}"
    return f"<{iri}>"


def term_text(term) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(term)


def text_table(headers: list[str], rows: list[list[str]], max_width: int = 60) -> str:
    cells = [[(c if len(c) <= max_width else c[: max_width - 1] + "…") for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    out = [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out)


class RichProgress:
    """A byte or item progress bar on stderr (only on a terminal)."""

    def __init__(self, description: str, total: int | None = None, unit: str = "bytes"):
        from rich.console import Console
        from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeRemainingColumn)

        console = Console(stderr=True)
        cols = [TextColumn("{task.description}"), BarColumn(),
                DownloadColumn() if unit == "bytes" else MofNCompleteColumn(), TimeRemainingColumn()]
        self._p = Progress(*cols, console=console, transient=True, disable=not console.is_terminal)
        self._p.start()
        self._task = self._p.add_task(description, total=total)
        self.done = 0
        self._total = total

    @property
    def total(self):
        return self._total

    @total.setter
    def total(self, value):
        self._total = value
        self._p.update(self._task, total=value)

    def advance(self, n: int) -> None:
        self.done += n
        self._p.update(self._task, advance=n)

    def close(self) -> None:
        self._p.stop()


@contextmanager
def progress(description: str, total: int | None = None, unit: str = "bytes"):
    bar = RichProgress(description, total, unit)
    try:
        yield bar
    finally:
        bar.close()


def read_input(value: str) -> str:
    """'-' reads standard input."""
    return sys.stdin.read() if value == "-" else value
