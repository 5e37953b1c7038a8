"""geokg: a knowledge graph of geopolitical relations.

The package is library first: every command of the ``geokg`` CLI is a thin layer over
functions in these modules, which raise :class:`graph.errors.GeokgError` on bad input.

>>> import graph
>>> graph.__version__
'0.1.0'
"""

__version__ = "0.1.0"
