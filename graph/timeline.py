"""Statements over time: one lane per actor pair (or per relation), matplotlib, Agg backend.

Each dated statement of a projected graph is a mark at its date, coloured by the polarity of
its relation (cooperative, conflictual, structural). A date known to the year or the month
is drawn at the middle of that period with a bar spanning it, so precision shows.

>>> parse_date("2022-09")
(datetime.date(2022, 9, 1), datetime.date(2022, 10, 1))
>>> parse_date("2022")
(datetime.date(2022, 1, 1), datetime.date(2023, 1, 1))
>>> parse_date("2022-03-02")[0]
datetime.date(2022, 3, 2)
>>> parse_date("soon") is None
True
>>> parse_date("2020/2021-06")
(datetime.date(2020, 1, 1), datetime.date(2021, 7, 1))
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field

from .errors import InputError, NotFoundError
from .render import (POLARITY_COLOURS, POLARITY_ORDER, edge_label, node_label, statement_sources, text)

BY = ("pair", "relation")
_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def parse_date(value) -> tuple[dt.date, dt.date] | None:
    """(start, end) of the period a date names (end exclusive), or None when it is no date.

    A validity interval 'FROM/UNTIL' (as the projection writes it) spans both ends."""
    value = str(value or "").strip()
    if "/" in value:
        ends = [parse_date(x) for x in value.split("/", 1)]
        if ends[0] and ends[1] and ends[0][0] <= ends[1][1]:
            return ends[0][0], ends[1][1]
        return ends[0] or ends[1]
    m = _DATE.match(value)
    if not m:
        return None
    try:
        y = int(m.group(1))
        if m.group(3):
            start = dt.date(y, int(m.group(2)), int(m.group(3)))
            return start, start + dt.timedelta(days=1)
        if m.group(2):
            mo = int(m.group(2))
            start = dt.date(y, mo, 1)
            return start, dt.date(y + (mo == 12), mo % 12 + 1, 1)
        return dt.date(y, 1, 1), dt.date(y + 1, 1, 1)
    except ValueError:
        return None


@dataclass
class Event:
    """One dated statement."""

    start: dt.date
    end: dt.date
    subject: str
    relation: str
    object: str
    label: str  # relation label in the drawing's language
    polarity: str
    symmetric: bool
    attributed: bool
    proposed: bool
    statement: str = ""
    source: str = ""

    @property
    def middle(self) -> dt.date:
        return self.start + (self.end - self.start) / 2


@dataclass
class Lane:
    key: tuple
    label: str
    events: list[Event] = field(default_factory=list)


def timeline_events(g, actors=(), *, between: bool = False, by: str = "pair",
                    lang: str = "en") -> tuple[list[Lane], int]:
    """(lanes, number of undated statements) for the statements of g.

    ``actors`` (IRIs) keeps the statements involving any of them, or, with ``between``, those
    whose two ends are both among them."""
    if by not in BY:
        raise InputError(f"unknown lane kind {by!r}: use {' or '.join(BY)}")
    actors = set(actors)
    lanes: dict[tuple, Lane] = {}
    undated = 0
    for u, v, key, d in g.edges(keys=True, data=True):
        if actors:
            hits = {u, v} & actors
            if not hits or (between and hits != {u, v}):
                continue
        statements = d.get("statements") or []
        for st in statements:
            period = parse_date(st.get("date"))
            if period is None:
                undated += 1
                continue
            if by == "pair":
                a, b = sorted((u, v), key=lambda n: (node_label(g, n, lang).casefold(), n))
                lane_key = (a, b)
                lane_label = f"{node_label(g, a, lang)} – {node_label(g, b, lang)}"
            else:
                lane_key = (d.get("relation") or key,)
                lane_label = edge_label(d, lang)
            lane = lanes.setdefault(lane_key, Lane(lane_key, lane_label))
            lane.events.append(Event(
                start=period[0], end=period[1], subject=u, relation=d.get("relation") or key, object=v,
                label=edge_label(d, lang), polarity=d.get("polarity", "0"), symmetric=bool(d.get("symmetric")),
                attributed=bool(st.get("attributed_to") or st.get("attribution")),
                proposed=st.get("status") == "proposed", statement=st.get("iri", ""),
                source=str(st.get("source") or st.get("source_iri") or "")))
    out = sorted(lanes.values(), key=lambda ln: (min(e.start for e in ln.events), ln.label.casefold()))
    for ln in out:
        ln.events.sort(key=lambda e: (e.start, e.end, e.relation, e.subject, e.statement))
    return out, undated


def _stack(events: list[Event], near, depth: int = 8) -> list[int]:
    """Slot of each event (events sorted by date): events within ``near`` of the previous one
    stack upwards (at most ``depth`` high, then from the bottom again); a gap starts a new stack."""
    slots, last = [], None
    for e in events:
        if last is not None and e.middle - last <= near:
            slots.append((slots[-1] + 1) % depth)
        else:
            slots.append(0)
        last = e.middle
    return slots


def _wrap_lane(label: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(label, width, break_long_words=False)) or label


def _short(g, n, lang):
    iso = g.nodes[n].get("iso3")
    return iso or node_label(g, n, lang)


def _event_text(g, lane: Lane, e: Event, by: str, lang: str) -> str:
    if by == "relation":
        arrow = "–" if e.symmetric else "→"
        return f"{_short(g, e.subject, lang)} {arrow} {_short(g, e.object, lang)}"
    if e.symmetric:
        return e.label
    return f"{e.label} →" if e.subject == lane.key[0] else f"← {e.label}"


def draw_timeline(g, ax=None, *, actors=(), between: bool = False, by: str = "pair", lang: str = "en",
                  title: str | None = None, max_lanes: int = 30, annotate: bool | None = None,
                  drawn_on=None, dpi: int = 100):
    """Draw the dated statements of a projected graph; returns the matplotlib Figure.

    Raises NotFoundError when no statement of the selection has a date."""
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from . import __version__

    t = text(lang)
    lanes, undated = timeline_events(g, actors, between=between, by=by, lang=lang)
    if not lanes:
        why = f" ({undated} undated)" if undated else ""
        raise NotFoundError(f"nothing to draw: no dated statement in the selection{why}")
    if max_lanes < 1:
        raise InputError("--max-lanes must be at least 1")
    hidden = 0
    if len(lanes) > max_lanes:
        busiest = sorted(lanes, key=lambda ln: (-len(ln.events), ln.label))[:max_lanes]
        hidden = len(lanes) - max_lanes
        lanes = [ln for ln in lanes if ln in busiest]
    n_events = sum(len(ln.events) for ln in lanes)
    if annotate is None:
        annotate = n_events <= 80

    starts = [e.start for ln in lanes for e in ln.events]
    ends = [e.end for ln in lanes for e in ln.events]
    lo, hi = min(starts), max(ends)
    span = max(hi - lo, dt.timedelta(days=30))
    pad = max(span * 0.04, dt.timedelta(days=15))
    # events close in time share a stack (drawn one above the other), so marks and texts stay apart
    # (dense data, not annotated: every mark on its lane's line, translucent)
    near = span * 0.16
    stacks = [_stack(lane.events, near) if annotate else [0] * len(lane.events) for lane in lanes]
    heights = [max(1.0, 0.32 * (max(slots) + 1) + 0.45) for slots in stacks]
    total = sum(heights)
    labels = [_wrap_lane(ln.label) for ln in lanes]

    if ax is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        left = 0.35 + 0.075 * max(len(line) for lab in labels for line in lab.split("\n"))
        width = left + 7.2 + 2.3
        height = 1.75 + 0.42 * total
        fig = Figure(figsize=(width, height), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((left / width, 1.05 / height, 7.0 / width, (height - 1.7) / height))
        own = True
    else:
        fig, own = ax.figure, False

    polarities, markers_used = set(), set()
    marks: dict[tuple, list] = {}  # (colour, marker, hollow) -> [(x, y)]: one scatter each, fast at GDELT sizes
    bars: dict[str, list] = {}  # colour -> [(start, end, y)]
    centres, top = [], total
    for lane, slots, h in zip(lanes, stacks, heights):
        y = top - h / 2
        centres.append(y)
        top -= h
        ax.axhline(y, color="#dddddd", linewidth=0.8, zorder=0)
        depth = max(slots) + 1
        for e, slot in zip(lane.events, slots):
            yy = y + 0.32 * ((depth - 1) / 2 - slot)
            colour = POLARITY_COLOURS.get(e.polarity, POLARITY_COLOURS["0"])
            polarities.add(e.polarity)
            if (e.end - e.start).days > 1:
                bars.setdefault(colour, []).append((e.start, e.end, yy))
            marker = "D" if e.attributed else "o"
            markers_used.add(("attributed" if e.attributed else "plain", e.proposed))
            marks.setdefault((colour, marker, e.proposed), []).append((e.middle, yy))
            if annotate:
                ax.annotate(_event_text(g, lane, e, by, lang), (e.middle, yy), xytext=(6, 0),
                            textcoords="offset points", fontsize=7, color=colour, zorder=4, va="center",
                            bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))
    for colour, spans in sorted(bars.items()):
        starts_, ends_, ys = zip(*spans)
        ax.hlines(ys, starts_, ends_, colors=colour, linewidth=5, alpha=0.25, zorder=1, capstyle="butt")
    for (colour, marker, hollow), pts in sorted(marks.items()):
        xs, ys = zip(*pts)
        ax.scatter(xs, ys, s=45 if marker == "o" else 36, marker=marker, zorder=3, linewidths=1.5,
                   facecolors="white" if hollow else colour, edgecolors=colour, alpha=1.0 if annotate else 0.5)
    ax.set_yticks(centres, labels, fontsize=9)
    ax.set_ylim(0, total)
    ax.set_xlim(lo - pad, hi + pad + (span * 0.12 if annotate else dt.timedelta(0)))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#eeeeee", zorder=0)

    handles = [Line2D([], [], marker="o", linestyle="none", markersize=7, color=POLARITY_COLOURS[p],
                      label=t["polarity"][p]) for p in POLARITY_ORDER if p in polarities]
    if any(kind == "attributed" for kind, _ in markers_used):
        handles.append(Line2D([], [], marker="D", linestyle="none", markersize=6, color="#444444",
                              label=t["attributed"]))
    if any(proposed for _, proposed in markers_used):
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=7, markerfacecolor="white",
                              markeredgecolor="#444444", label=t["proposed"]))
    W, H = fig.get_size_inches()
    legend = (fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(1 - 2.2 / W, 1 - 0.55 / H),
                         frameon=False, fontsize=9) if own else
              ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9))

    title = title or t["timeline"]
    notes = []
    sources = statement_sources(g)
    if sources:
        notes.append(f"{t['sources']}: " + "; ".join(sources[:4])
                     + (f"; {t['and_more'].format(n=len(sources) - 4)}" if len(sources) > 4 else ""))
    notes.append(t["dated"].format(n=n_events))
    if undated:
        notes.append(t["undated"].format(n=undated))
    if hidden:
        notes.append(t["lanes_left"].format(n=hidden))
    notes.append(f"{t['drawn']} {drawn_on or dt.date.today().isoformat()} {t['by']} {__version__}")
    note = "\n".join(textwrap.wrap(". ".join(notes) + ".", int((W - 0.4) * 72 / (7.5 * 0.55))))
    if own:
        fig.text(0.2 / W, 1 - 0.2 / H, title, fontsize=14, fontweight="bold", va="top")
        fig.text(0.2 / W, 0.1 / H, note, fontsize=7.5, color="#444444", va="bottom")
    else:
        ax.set_title(title, fontsize=13, fontweight="bold")
    fig.geokg_timeline = {"lanes": [ln.label for ln in lanes], "events": n_events, "undated": undated,
                          "hidden_lanes": hidden, "legend": legend}
    return fig


def select_timeline(store, names=(), *, filters=None, lang: str = "en", index=None):
    """(projected graph, actor IRIs, title) for a timeline of the named actors (all when none).

    Raises ActorNotFound for an unknown name, NotFoundError when no named actor has a relation."""
    from .actors import ActorIndex
    from .project import project, require_edges

    index = index or ActorIndex.from_store(store)
    found = [index.resolve(n) for n in names]
    g = project(store, filters, index=index)
    require_edges(g)
    missing = [a.label for a in found if a.iri not in g]
    if found and len(missing) == len(found):
        raise NotFoundError(f"nothing to draw: {', '.join(missing)} {'has' if len(missing) == 1 else 'have'} "
                            "no relation in the selection")
    return g, [a.iri for a in found], timeline_title([a.label_in(lang) for a in found], lang)


def timeline_title(actor_labels: list[str], lang: str = "en") -> str:
    t = text(lang)
    if not actor_labels:
        return t["timeline"]
    return f"{t['timeline']}: {', '.join(actor_labels)}"
