"""The README's code example runs as written and stays under 15 lines."""

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_starts_with_the_two_commands():
    lines = [line for line in README.read_text().splitlines() if line.startswith("make ")]
    assert [line.split()[1] for line in lines[:2]] == ["lab", "test"]


def test_code_example_runs_to_records():
    block = re.findall(r"## In code.*?```python\n(.*?)```", README.read_text(), re.S)[0]
    assert len(block.strip().splitlines()) < 15
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert len(namespace["records"]) == 20
    assert namespace["records"][0]["customer"]["address"]["city"]


def test_tables_example_runs(sandbox, tmp_path, monkeypatch):
    from connector_lab import Action, Client, Connector, export

    block = re.findall(
        r"From there to tables and files:\n\n```python\n(.*?)```", README.read_text(), re.S
    )[0]
    shop = Connector(
        display_name="s",
        host=sandbox.host_port,
        protocol="http",
        actions=[Action(id="orders", name="Orders", path="/orders")],
    )
    namespace = {"result": Client(shop).run("orders"), "export": export}
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), namespace)
    assert len(namespace["orders"]) == 25
    assert set(namespace["tables"]) == {"data", "data.items"}
    assert (tmp_path / "orders.parquet").stat().st_size > 0
