"""The ``geokg`` command line: a thin click layer over the library.

Commands are registered lazily (COMMANDS) so that ``geokg --help`` imports nothing heavy.
"""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from ..errors import GeokgError, UnknownRelation
from .common import SuggestingGroup

# command name -> "module:function" inside graph.cli
COMMANDS: dict[str, str] = {
    "build": "core:build_cmd",
    "load": "core:load_cmd",
    "drop": "core:drop_cmd",
    "graphs": "core:graphs_cmd",
    "query": "core:query_cmd",
    "queries": "core:queries_cmd",
    "show": "core:show_cmd",
    "stats": "core:stats_cmd",
    "validate": "core:validate_cmd",
    "relations": "vocab:relations_cmd",
    "path": "analysis:path_cmd",
    "neighbors": "analysis:neighbors_cmd",
    "rank": "analysis:rank_cmd",
    "blocs": "analysis:blocs_cmd",
    "extract": "extract:extract_cmd",
    "review": "extract:review_cmd",
    "eval": "extract:eval_cmd",
    "draw": "draw:draw_cmd",
    "timeline": "draw:timeline_cmd",
    "import": "io:import_group",
    "export": "io:export_cmd",
}


class LazyGroup(SuggestingGroup):
    """Loads a command's module only when the command runs (or its help is asked)."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(f"{__name__}.{module}"), attr)

    def format_commands(self, ctx, formatter):
        # short help without importing every module: read it from the commands themselves
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=70)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GeokgError as e:
            click.echo(f"error: {_message(e)}", err=True)
            ctx.exit(e.exit_code)
        except click.UsageError as e:  # one line, like every other error
            where = e.ctx.command_path if e.ctx else "geokg"
            click.echo(f"error: {e.format_message()} (see '{where} --help')", err=True)
            ctx.exit(2)
        except BrokenPipeError:
            ctx.exit(0)


def _message(e: GeokgError) -> str:
    """The one-line message of a library error, with a pointer to the command that helps."""
    if isinstance(e, UnknownRelation):
        return f"{e} (`geokg relations` lists them all)"
    return str(e)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="geokg")
@click.option("--store", "store_location", envvar="GEOKG_STORE", metavar="PATH|URL",
              help="Store folder (embedded Oxigraph) or SPARQL endpoint URL. "
                   "Default: $GEOKG_STORE, else ~/.local/share/geokg/store.")
@click.option("--wait", type=click.FloatRange(0, 3600), default=0, metavar="SECONDS",
              help="Wait this long for a store another process is using.")
@click.pass_context
def cli(ctx, store_location, wait):
    """geokg: a knowledge graph of geopolitical relations.

    Statements such as "Russia buysArmsFrom North Korea", with their source, attribution,
    negation, date and confidence, kept in an RDF store and projected to an actor graph.

    Start with `geokg build`, then try `geokg show "North Korea"`; `geokg relations` lists the
    relations. Every command has examples in its --help.

    \b
    Examples:
      geokg build
      geokg show "North Korea"
      geokg path Russia "North Korea" --evidence
      geokg relations --lang fr
    """
    ctx.ensure_object(dict)
    ctx.obj["store_location"] = store_location
    ctx.obj["wait"] = wait


def main(argv=None):
    try:
        cli.main(args=argv, prog_name="geokg", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
