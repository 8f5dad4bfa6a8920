"""connector_lab — define, credential, test and harvest HTTP API connectors.

The engine package. It never imports ipywidgets: the forms live in ``connector_lab.widgets``
(the top-level ``widgets/`` folder) and sit on top of it.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
