"""The public surfaces are explicit and the layout keeps its promises: the pinned names change
only on purpose, every error is in the one tree, imports point one way, no function hides a
module, and defining a connector does not load pandas."""

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import connector_lab.widgets
import pytest

import connector_lab
import connector_lab.errors
import connector_lab.sandbox

PUBLIC = [
    "SCHEMES",
    "AccountField",
    "Action",
    "AliyunAppCodeAuth",
    "AliyunSignatureAuth",
    "ApiKeyAuth",
    "Attempt",
    "AuthAccount",
    "AuthError",
    "BasicAuth",
    "BatchOutcome",
    "BearerAuth",
    "BlockedAddressError",
    "Client",
    "ColumnNameWarning",
    "ConflictError",
    "Connector",
    "ConnectorLabError",
    "CredentialAuth",
    "DingTalkAuth",
    "DingTalkZeroTrustAuth",
    "ExportError",
    "ExportWarning",
    "FlattenError",
    "HTTPStatusError",
    "HarvestReport",
    "ImportFormatError",
    "ImportReport",
    "LoadError",
    "LoadReport",
    "NetworkPolicy",
    "NoAuth",
    "OAuth2ClientCredentialsAuth",
    "PageInfo",
    "Pagination",
    "PaginationError",
    "PaginationLoopError",
    "Param",
    "ParameterError",
    "RateLimit",
    "RecordSelection",
    "Redactor",
    "RequestPlan",
    "RequestTimeout",
    "ResponseCheck",
    "ResponseField",
    "ResponseParseError",
    "ResponseTooLarge",
    "Result",
    "RetryPolicy",
    "RunContext",
    "RunHistory",
    "SchemaNode",
    "SchemeBase",
    "SentRequest",
    "SpecError",
    "StoreError",
    "Timeouts",
    "TokenCache",
    "TransportError",
    "Workspace",
    "__version__",
    "body_params",
    "build_request",
    "register_scheme",
    "register_signer",
    "check_response",
    "detect_pagination",
    "explode",
    "export",
    "flatten",
    "from_curl",
    "from_openapi",
    "from_postman",
    "infer_schema",
    "response_fields",
    "select_records",
    "to_csv",
    "to_curl_commands",
    "to_dlt",
    "to_duckdb",
    "to_excel",
    "to_json_schema",
    "to_jsonl",
    "to_openapi",
    "to_parquet",
    "to_python",
    "to_postman",
    "to_sqlite",
    "to_tables",
    "unescape_cells",
]

WIDGETS_PUBLIC = [
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

SANDBOX_PUBLIC = [
    "DEMO_CREDENTIALS",
    "ENDPOINTS",
    "FaultLog",
    "Faults",
    "SandboxAPI",
    "SandboxCredentials",
    "SandboxStartError",
    "serve",
    "start",
]

PACKAGE = Path(connector_lab.__file__).parent
#: The stages in import order: a stage may import the ones before it, never one after.
STAGES = ["spec", "wire", "tables", "store", "harvest", "interchange"]
#: What each stage may import at module level (besides errors, _rules and _version).
ALLOWED = {
    "spec": set(),
    "wire": {"spec"},
    "tables": {"spec", "wire", "store.atomic"},  # writers replace files the store's way
    "store": {"spec"},
    "harvest": {"spec", "wire", "tables", "store"},
    "interchange": {"spec", "wire", "tables", "store", "harvest"},
    "sandbox": set(),
    # The command line is a layer above the engine: it may use every stage, none uses it.
    "cli": {"spec", "wire", "tables", "store", "harvest", "interchange"},
}


def engine_modules() -> list[str]:
    names = ["connector_lab"]
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="connector_lab."):
        names.append(info.name)
    return names


def test_public_names_are_pinned():
    assert sorted(connector_lab.__all__) == sorted(PUBLIC)


def test_widgets_and_sandbox_surfaces_are_pinned():
    assert sorted(connector_lab.widgets.__all__) == sorted(WIDGETS_PUBLIC)
    assert sorted(connector_lab.sandbox.__all__) == sorted(SANDBOX_PUBLIC)


@pytest.mark.parametrize(
    "package", [connector_lab, connector_lab.widgets, connector_lab.sandbox], ids=str
)
def test_every_public_name_exists(package):
    missing = [name for name in package.__all__ if not hasattr(package, name)]
    assert missing == []
    assert set(package.__all__) <= set(dir(package))


def test_names_returned_by_public_functions_are_exported():
    report = connector_lab.Workspace("unused").load_all.__annotations__["return"]
    assert report == "LoadReport" and connector_lab.LoadReport.__name__ == "LoadReport"


def all_error_classes() -> set[type]:
    found: set[type] = set()
    for name in engine_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__.startswith("connector_lab")
                and not attr.startswith("_")
                # The sandbox's own signals (answered as HTTP 400) never reach a user.
                and not (name.startswith("connector_lab.sandbox") and attr not in SANDBOX_PUBLIC)
            ):
                found.add(value)
    return found


def test_every_error_class_is_in_the_one_tree():
    errors = all_error_classes()
    tree = connector_lab.errors.__doc__
    assert len(errors) >= 15
    for error in errors:
        assert issubclass(error, connector_lab.ConnectorLabError), error
        assert error.__module__ == "connector_lab.errors", f"{error} is defined outside errors"
        assert f" {error.__name__} " in tree or f"── {error.__name__}" in tree, error
        assert getattr(connector_lab, error.__name__, None) is error or error.__name__ in (
            "ConversionError",
            "SandboxStartError",
        ), f"{error.__name__} is not exported"


def module_level_imports(path: Path) -> list[tuple[int, str | None]]:
    """(level, module) of every import outside ``if TYPE_CHECKING`` and function bodies."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module))
        elif isinstance(node, ast.Import):
            found += [(0, alias.name) for alias in node.names]
    return found


def resolve(path: Path, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    base = list(package[: len(package) - level + 1])
    return ".".join(base + ([module] if module else []))


@pytest.mark.parametrize("stage", [*STAGES, "sandbox", "cli"])
def test_imports_point_one_way(stage):
    allowed = ALLOWED[stage] | {stage}
    wrong = []
    for path in sorted((PACKAGE / stage).rglob("*.py")):
        for level, module in module_level_imports(path):
            target = resolve(path, level, module)
            if not target.startswith("connector_lab."):
                continue
            inner = target.removeprefix("connector_lab.")
            top = inner.split(".")[0]
            if top in {"errors", "_rules", "_version"}:
                continue
            if top not in allowed and not any(inner.startswith(a) for a in allowed):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert wrong == []


def test_the_engine_never_imports_widgets_at_module_level():
    for path in PACKAGE.rglob("*.py"):
        for level, module in module_level_imports(path):
            target = resolve(path, level, module)
            assert "ipywidgets" not in target and not target.startswith("connector_lab.widgets")


def test_no_function_shadows_a_module():
    shadowed = []
    for name in engine_modules():
        parent_name, _, leaf = name.rpartition(".")
        if not parent_name:
            continue
        parent = importlib.import_module(parent_name)
        importlib.import_module(name)
        if getattr(parent, leaf) is not sys.modules[name]:
            shadowed.append(name)
    assert shadowed == []


def test_defining_a_connector_does_not_load_pandas():
    code = (
        "import sys\n"
        "import connector_lab.spec\n"
        "from connector_lab import Action, Connector, Client\n"
        "Connector(display_name='x', host='127.0.0.1', actions=[Action(id='a', name='A')])\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_tables_names_load_on_first_use():
    code = (
        "import sys, connector_lab\n"
        "assert 'pandas' not in sys.modules\n"
        "f = connector_lab.flatten([{'a': {'b': 1}}])\n"
        "print(list(f.columns), 'pandas' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['a.b'] True"
