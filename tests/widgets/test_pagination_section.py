"""The action form's pagination section, headless: found in the form as displayed, each
style's fields, values into ``Action.pagination`` and back (through Apply and a workspace),
errors next to their field, the Chinese labels, and "detect from a test run" over real HTTP."""

from __future__ import annotations

import sys
import types

import ipywidgets as w
import pytest
from connector_lab.widgets import ActionForm, ActionList, ConnectorFactory, PaginationSection
from connector_lab.widgets.pagination_section import NO_PAGINATION
from connector_lab.widgets.rows import FieldRow

from connector_lab import Action, AuthAccount, Pagination, Param
from tests.conftest import sandbox_shop

from .tree import displayed, walk

STOPS = ["total_path", "total_header", "stop_on_short_page", "max_pages", "max_records"]
SHOWN = {
    NO_PAGINATION: [],
    "auto": STOPS,
    "page": ["page_param", "first_page", "size_param", "page_size", *STOPS],
    "offset": ["offset_param", "size_param", "page_size", *STOPS],
    "cursor": ["cursor_path", "cursor_header", "cursor_param", "cursor_in", *STOPS],
    "next_url": ["next_url_path", *STOPS],
    "link": STOPS,
}


def shown_rows(root: w.Widget) -> list[str]:
    """The pagination fields displayed under ``root`` (found by walking its children)."""
    return [
        row.key.removeprefix("pagination.")
        for row in walk(root)
        if isinstance(row, FieldRow) and row.key.startswith("pagination.")
        if row.key != "pagination.style"
    ]


def section_of(root: w.Widget) -> PaginationSection:
    found = displayed(root, "cl-pagination")
    assert isinstance(found, PaginationSection)
    return found


def type_into(section: PaginationSection, **values) -> None:
    """Type into the displayed inputs, found by their rows' classes."""
    for name, value in values.items():
        displayed(section, "cl-pagination-" + name.replace("_", "-")).control.value = value


def test_the_section_is_displayed_in_the_action_step_of_the_factory():
    factory = ConnectorFactory()
    section = section_of(factory)
    assert section is factory.action_list.form.pagination
    assert section.style.value == NO_PAGINATION  # a new action returns one page
    assert shown_rows(factory) == []


@pytest.mark.parametrize("style", list(SHOWN))
def test_each_style_shows_only_the_fields_it_uses(style):
    form = ActionForm(Action(id="a", name="A"))
    section = section_of(form)
    section.style.value = "cursor"  # from another style, so the switch has work to do
    section.style.value = style
    assert shown_rows(form) == SHOWN[style]
    assert set(section.raw() or {}) == (set(SHOWN[style]) | {"style"} if SHOWN[style] else set())


def test_typed_values_become_the_actions_pagination_and_come_back():
    form = ActionForm(Action(id="a", name="A"))
    section = section_of(form)
    section.style.value = "page"
    type_into(section, page_param="p", size_param="per_page", page_size="50", max_pages="")
    section.fields["first_page"].control.value = 0
    section.fields["stop_on_short_page"].control.value = False
    assert isinstance(section.fields["max_pages"].control, w.Text)  # may stay empty
    action = form.to_spec()
    expected = Pagination(
        style="page", page_param="p", first_page=0, size_param="per_page", page_size=50
    )
    assert action.pagination == expected.model_copy(update={"stop_on_short_page": False})
    again = ActionForm(action)
    assert again.to_spec() == action
    assert section_of(again).fields["page_size"].control.value == "50"


@pytest.mark.parametrize(
    "pagination",
    [
        None,
        Pagination(style="auto", max_records=1000),
        Pagination(style="offset", offset_param="skip", size_param="limit", page_size=20),
        Pagination(style="cursor", cursor_header="X-Next", cursor_param="after", max_pages=9),
        Pagination(style="next_url", next_url_path="$.links.next", total_path="$.total"),
        Pagination(style="link", total_header="X-Total-Count", stop_on_short_page=False),
    ],
    ids=repr,
)
def test_an_applied_action_keeps_its_pagination(pagination):
    action = Action(id="a", name="A", pagination=pagination)
    actions = ActionList([action, Action(id="b", name="B")])
    actions.picker.value = "a"
    assert actions.apply_form() == action
    assert actions.get("a").pagination == pagination  # None round-trips as None


def test_a_field_of_another_style_is_not_stored():
    form = ActionForm(Action(id="a", name="A"))
    section = section_of(form)
    section.style.value = "cursor"
    type_into(section, cursor_path="$.next")
    section.style.value = "link"
    assert form.to_spec().pagination == Pagination(style="link")
    section.style.value = "cursor"  # kept on screen for a change of mind
    assert form.to_spec().pagination.cursor_path == "$.next"


def test_bad_values_are_shown_next_to_their_field():
    actions = ActionList([Action(id="a", name="A")])
    actions.picker.value = "a"
    section = section_of(actions)
    section.style.value = "page"
    type_into(section, page_size="0")  # checked as the user types
    assert "0 is below 1" in displayed(section, "cl-pagination-page-size").message
    type_into(section, page_size="ten")
    assert "&#x27;ten&#x27; is not valid" in section.fields["page_size"].message
    type_into(section, page_size="10", max_records="-5")
    assert section.fields["page_size"].message == ""
    assert "-5 is below 1" in section.fields["max_records"].message
    type_into(section, max_records="")  # empty: no limit
    assert section.fields["max_records"].message == ""
    type_into(section, max_records="-5", page_param="page number")
    actions.apply.click()
    assert actions.get("a").pagination is None  # nothing stored
    assert "invalid Action (2 problems)" in actions.form.message.value
    assert "is not a parameter name" in section.fields["page_param"].message
    assert "-5 is below 1" in section.fields["max_records"].message  # every problem at once


def test_rules_of_the_action_and_of_a_style_land_next_to_the_field():
    form = ActionForm(Action(id="a", name="A"))  # a GET
    section = section_of(form)
    section.style.value = "cursor"
    with pytest.raises(Exception, match="cursor style needs where the next cursor is"):
        form.to_spec()
    assert "JSONPath" in section.fields["cursor_path"].message
    type_into(section, cursor_path="$.next")
    section.fields["cursor_in"].control.value = "body"
    with pytest.raises(Exception, match="cannot go in the body of a GET"):
        form.to_spec()
    assert "cannot go in the body" in section.fields["cursor_in"].message
    assert section.fields["cursor_path"].message == ""
    form.fields["method"].control.value = "POST"
    assert form.to_spec().pagination.cursor_in == "body"
    assert section.fields["cursor_in"].message == ""  # a valid Apply clears the errors


def test_the_section_speaks_chinese():
    factory = ConnectorFactory(language="zh")
    section = section_of(factory)
    labels = [label for label, _ in section.style.options]
    assert labels[:3] == ["不分页", "自动识别", "页码"]
    assert section.style_field.title.value == "分页方式"
    section.style.value = "page"
    assert section.fields["page_param"].title.value == "页码参数"
    assert section.fields["max_records"].title.value == "最多记录数"
    assert section.detect_button.description == "通过测试运行识别"
    factory.set_language("en")
    assert [label for label, _ in section.style.options][:3] == [
        "None (one page)",
        "Auto-detect",
        "Page number",
    ]
    assert section.style.value == "page"  # the choice survives the switch
    assert section.fields["page_param"].title.value == "Page parameter"


def test_apply_then_save_and_load_keeps_the_pagination(tmp_path, shop, shop_account):
    factory = ConnectorFactory(shop, [shop_account], workspace=tmp_path)
    factory.action_list.picker.value = "users_by_path"
    section = section_of(factory)
    section.style.value = "offset"
    type_into(section, size_param="limit", page_size="10", total_path="$.total")
    factory.action_list.apply.click()
    assert factory.action_list.status.value == ""
    connector_id = factory.save()
    loaded = ConnectorFactory(workspace=tmp_path)
    loaded.load(connector_id)
    expected = Pagination(style="offset", size_param="limit", page_size=10, total_path="$.total")
    assert loaded.connector.action("users_by_path").pagination == expected
    assert loaded.connector.action("orders").pagination is None
    loaded.action_list.picker.value = "users_by_path"
    assert section_of(loaded).raw() == {
        "style": "offset",
        **expected.model_dump(include=set(SHOWN["offset"])),
    }


# -- detect from a test run -----------------------------------------------------------------------
class FakeDetection:
    """What ``detect_pagination`` returns, for the wiring tests (the detector itself is
    tested in tests/harvest/)."""

    def __init__(self, pagination: Pagination | None, rule: str, reason: str):
        self.style = pagination.style if pagination else None
        self.pagination, self.rule, self.reason = pagination, rule, reason


@pytest.fixture
def fake_detector(monkeypatch):
    """A stand-in harvest stage whose detector records the Result it was given."""
    seen = []

    def detect_pagination(result):
        seen.append(result)
        return FakeDetection(
            Pagination(style="link", total_header="X-Total-Count"),
            "link-header",
            "the Link header has rel=next",
        )

    module = types.ModuleType("connector_lab.harvest")
    module.detect_pagination = detect_pagination
    monkeypatch.setitem(sys.modules, "connector_lab.harvest", module)
    return seen


def paged_factory(shop, shop_account, path: str) -> ConnectorFactory:
    factory = ConnectorFactory(shop, [shop_account])
    factory.action_list.start_new()
    form = factory.action_list.form
    form.fields["id"].control.value = "paged"
    form.fields["path"].control.value = path
    form.tables["query"].add_row(Param(name="per_page", type="integer", default=10))
    return factory


def test_detect_runs_the_unapplied_action_once_and_fills_the_section(fake_detector, fresh_sandbox):
    shop = sandbox_shop(fresh_sandbox)  # a server of its own: the test counts its requests
    account = AuthAccount(name="t", values={"token": fresh_sandbox.credentials.api_key})
    factory = paged_factory(shop, account, "/paged/link")
    section = section_of(factory)
    section.detect_button.click()
    assert section.status_line.value == ""
    assert fresh_sandbox.request_count("/paged/link") == 1  # the server saw one run
    (result,) = fake_detector
    assert result.status == 200 and len(result.json()) == 10  # with the form's default
    assert section.style.value == "link"
    assert shown_rows(section) == SHOWN["link"]
    assert section.fields["total_header"].value == "X-Total-Count"
    assert "link-header" in section.detected.value
    assert "the Link header has rel=next" in section.detected.value
    assert factory.action_list.actions == shop.actions  # detecting applies nothing


def test_detect_says_why_when_the_run_fails(fake_detector, shop, shop_account):
    factory = paged_factory(shop, shop_account, "/errors/404")
    section = section_of(factory)
    section.detect_button.click()
    assert "the test run answered HTTP 404" in section.status_line.value
    assert fake_detector == [] and section.style.value == NO_PAGINATION
    factory.account_list.set_items([])
    factory.run_panel.refresh()
    section.detect_button.click()
    assert "choose an auth account (step 3)" in section.status_line.value


def test_detect_without_a_runner_or_a_detector_says_so(monkeypatch, shop, shop_account):
    alone = ActionForm(Action(id="a", name="A"))
    alone.pagination.detect_button.click()
    assert "A test run needs the connector and an auth account" in alone.pagination.detected.value
    monkeypatch.setitem(sys.modules, "connector_lab.harvest", None)  # not installed
    factory = paged_factory(shop, shop_account, "/paged/link")
    section = section_of(factory)
    section.detect_button.click()
    assert "Detection is not available" in section.detected.value
    assert section.style.value == NO_PAGINATION


def test_a_detection_without_pagination_leaves_the_section_and_shows_the_reason():
    section = PaginationSection(Pagination(style="page", page_size=5))
    section.apply_detection(FakeDetection(None, "none", "no <next> link, cursor or total"))
    assert section.to_spec() == Pagination(style="page", page_size=5)
    assert "no &lt;next&gt; link, cursor or total" in section.detected.value


def test_detect_with_the_real_detector(shop, shop_account):
    pytest.importorskip("connector_lab.harvest.detection")
    factory = paged_factory(shop, shop_account, "/paged/link")
    section = section_of(factory)
    section.detect_button.click()
    assert section.status_line.value == ""
    assert section.style.value == "link"
    assert "cl-detection" in section.detected.value
