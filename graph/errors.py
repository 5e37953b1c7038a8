"""Exception types raised by the library; the CLI turns them into one-line messages."""


class GeokgError(Exception):
    """Base class: a user-facing problem with a one-line message."""

    exit_code = 1


class StoreError(GeokgError):
    """The store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the write lock of an embedded store."""


class InputError(GeokgError):
    """A file or value given by the user is malformed; the message names where."""


class ParseError(InputError):
    """An RDF document does not parse; the message names file, line and column."""


class QueryError(GeokgError):
    """A SPARQL query is malformed or not allowed."""


class NotFoundError(GeokgError):
    """An actor, graph, relation or named query does not exist."""


class UnknownName(NotFoundError):
    """A name that names nothing of its kind; ``suggestions`` holds the nearest known names."""

    what = "name"

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(map(self.show, suggestions))}?" if suggestions else ""
        super().__init__(f"unknown {self.what} {name!r}{hint}")

    @staticmethod
    def show(suggestion: str) -> str:
        return repr(suggestion)


class ActorNotFound(UnknownName):
    """No actor matches a name (suggestions are actor names, quoted)."""

    what = "actor"


class UnknownRelation(UnknownName):
    """A relation name the ontology does not define (suggestions are relation names, bare)."""

    what = "relation"

    @staticmethod
    def show(suggestion: str) -> str:
        return suggestion


class ValidationFailed(GeokgError):
    """SHACL validation found violations; ``report`` holds the readable text."""

    def __init__(self, report: str, count: int):
        self.report = report
        self.count = count
        super().__init__(f"{count} SHACL violation(s)")
