"""connector_lab.widgets — the ipywidgets forms over the engine (installed from ``widgets/``).

Each form turns its state into engine objects (``to_spec()`` / ``from_spec()``) and shows
results; HTTP, storage and parsing stay in the engine.

- :class:`ConnectorFactory` — the four steps together, with Save / Load;
- :class:`ConnectorForm` (step 1), :class:`ActionForm` / :class:`ActionList` (step 2),
  :class:`AccountForm` / :class:`AccountList` (step 3), :class:`RunPanel` (step 4);
- :class:`PaginationSection` — the action form's pagination (分页), with detection from a
  test run;
- :class:`AllPagesSection` — the run panel's "All pages", with a progress bar and Stop;
- :class:`PolicySection` — the connector form's retries, rate limit and timeouts;
- :class:`ImportPanel` / :class:`ExportPanel` — step 1's Import (cURL, OpenAPI, Postman, with a
  preview) and Export (cURL, OpenAPI, Postman, Python, dlt) sections;
- :class:`CoursePanel` — a lesson of the trainer's course in the forms, with a Check button;
- :class:`BatchTab` — one action over every row of a table; :class:`HistoryTab` — the run
  history (运行日志).
"""

from .account_form import AccountForm, AccountList
from .action_form import ActionForm, ActionList
from .all_pages import AllPagesSection
from .app import ConnectorFactory
from .batch_tab import BatchTab
from .connector_form import ConnectorForm
from .course_panel import CoursePanel
from .export_panel import ExportPanel
from .history_tab import HistoryTab
from .i18n import LABELS, label
from .import_panel import ImportPanel
from .pagination_section import PaginationSection
from .policy_section import PolicySection
from .run_panel import RunPanel

__all__ = [
    "LABELS",
    "AccountForm",
    "AccountList",
    "ActionForm",
    "ActionList",
    "AllPagesSection",
    "BatchTab",
    "ConnectorFactory",
    "ConnectorForm",
    "CoursePanel",
    "ExportPanel",
    "HistoryTab",
    "ImportPanel",
    "PaginationSection",
    "PolicySection",
    "RunPanel",
    "label",
]
