"""The walk the widget tests share: a blank connector factory given a name and a token
scheme, pointed at the sandbox (the test sets the host and presses the sandbox token URL
button, with its own assertions between), then an action and an account filled in through
the forms and a run from the run panel."""

from __future__ import annotations

from collections.abc import Mapping

from connector_lab.widgets import ConnectorFactory


def blank_factory(tmp_path, name: str, auth_type: str) -> ConnectorFactory:
    """A factory with nothing in it, its connector form given ``name`` and ``auth_type``."""
    factory = ConnectorFactory(workspace=tmp_path / "ws")
    form = factory.connector_form
    form.fields["display_name"].value = name
    form.auth_type.value = auth_type
    return factory


def add_action_and_run(factory: ConnectorFactory, action: str, path: str, values: Mapping):
    """Add ``GET path`` as action ``action`` (named in title case), an account holding
    ``values``, and run the action from the run panel: the panel, to read its status."""
    actions = factory.action_list
    actions.form.fields["id"].value = action
    actions.form.fields["name"].value = action.title()
    actions.form.fields["path"].value = path
    actions.apply.click()
    accounts = factory.account_list
    for field, value in values.items():
        accounts.form.inputs[field].value = value
    accounts.apply.click()
    panel = factory.run_panel
    panel.refresh()
    panel.action.value = action
    panel.run_button.click()
    return panel
