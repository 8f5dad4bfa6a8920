"""connector_lab.widgets — the ipywidgets forms over the engine (installed from ``widgets/``).

Each form turns its state into engine objects (``to_spec()`` / ``from_spec()``) and shows
results; HTTP, storage and parsing stay in the engine.

- :class:`ConnectorFactory` — the four steps together, with Save / Load;
- :class:`ConnectorForm` (step 1), :class:`ActionForm` / :class:`ActionList` (step 2),
  :class:`AccountForm` / :class:`AccountList` (step 3), :class:`RunPanel` (step 4);
- :class:`PaginationSection` — the action form's pagination (分页), with detection from a
  test run.
"""

from .account_form import AccountForm, AccountList
from .action_form import ActionForm, ActionList
from .app import ConnectorFactory
from .connector_form import ConnectorForm
from .i18n import LABELS, label
from .pagination_section import PaginationSection
from .run_panel import RunPanel

__all__ = [
    "LABELS",
    "AccountForm",
    "AccountList",
    "ActionForm",
    "ActionList",
    "ConnectorFactory",
    "ConnectorForm",
    "PaginationSection",
    "RunPanel",
    "label",
]
