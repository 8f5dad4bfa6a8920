"""The standalone web app: ``connector-lab app`` started as a real subprocess on 127.0.0.1
with a free port, opened in Chromium; Voila renders the factory's tabs, in each language,
and with ``--lesson 1`` the lesson's header (its sandbox host) and the Check button."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from connector_lab.widgets import label
from connector_lab.widgets.app import ConnectorFactory

from .conftest import loopback_only, save_screenshot, serve_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def web_app(request, tmp_path, chromium_path) -> Iterator[str]:
    """``connector-lab -w <tmp> app --port P --language <param>``; yields its URL."""
    with serve_app(tmp_path, request.param) as url:
        yield url


@pytest.mark.parametrize("web_app", ["en", "zh"], indirect=True)
def test_the_web_app_renders_the_factory_tabs(web_app, page, tmp_path, request):
    language = request.node.callspec.params["web_app"]
    loopback_only(page)
    page.goto(web_app)
    factory = page.locator(".cl-factory")
    factory.wait_for(timeout=90_000)
    tabs = factory.locator(".lm-TabBar-tab")
    titles = [label(step, language) for step in ConnectorFactory.STEPS]
    for title in titles:
        tabs.filter(has_text=title).first.wait_for()
    assert tabs.count() >= len(titles)
    # with a workspace: the toolbar's Save and Load
    factory.locator(".widget-button", has_text=label("save", language)).first.wait_for()
    factory.locator(".cl-language").wait_for()
    tabs.filter(has_text=titles[1]).first.click()  # the tabs respond: step 2 opens
    page.wait_for_timeout(500)
    shot = save_screenshot(page, tmp_path, f"webapp_{language}.png")
    assert shot.stat().st_size > 10_000


def test_the_web_app_serves_lesson1_with_its_check_button(page, tmp_path, chromium_path):
    with serve_app(tmp_path, "zh", lesson=1) as url:
        loopback_only(page)
        page.goto(url)
        header = page.locator(".cl-lesson-header")
        header.wait_for(timeout=90_000)
        header.get_by_text("第 1 课").first.wait_for()
        host = header.locator(".cl-lesson-host").inner_text()
        assert host.startswith("127.0.0.1:")
        page.locator(".cl-factory").wait_for()
        button = page.locator(".cl-check-button")
        button.wait_for()
        assert button.inner_text().strip() == "检查"
        shot = save_screenshot(page, tmp_path, "webapp_lesson1_zh.png")
        assert shot.stat().st_size > 10_000
