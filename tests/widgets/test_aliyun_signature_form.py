"""The Aliyun API gateway signature scheme in the forms, headless: chosen in step 1 (labels
in both languages), its AppKey/AppSecret account in step 3, and a run from the factory that
the sandbox's signature gateway accepts over real HTTP."""

from __future__ import annotations

import ipywidgets as w
import pytest
from connector_lab.widgets import ConnectorFactory, ConnectorForm

from connector_lab import AliyunSignatureAuth, Connector, SpecError

from .test_run_panel_and_factory import run, shown


def test_the_scheme_is_offered_with_its_settings_in_both_languages():
    form = ConnectorForm()
    assert ("Aliyun API gateway signature", "aliyun_signature") in form.auth_type.options
    form.auth_type.value = "aliyun_signature"
    fields = form.settings.fields
    assert list(fields) == ["signature_method", "signed_headers", "stage"]
    assert fields["signature_method"].control.options == ("HmacSHA256", "HmacSHA1")
    assert [fields[n].title.value for n in fields] == [
        "Signature method",
        "Extra signed headers",
        "Stage",
    ]
    form.set_language("zh")
    assert ("阿里云 API 网关签名", "aliyun_signature") in form.auth_type.options
    assert [fields[n].title.value for n in fields] == [
        "签名方法",
        "额外签名请求头",
        "环境 (X-Ca-Stage)",
    ]


def test_the_form_makes_the_scheme_and_names_a_bad_header():
    form = ConnectorForm()
    form.fields["display_name"].control.value = "Gateway"
    form.fields["host"].control.value = "gw.example.com"
    form.auth_type.value = "aliyun_signature"
    settings = form.settings.fields
    settings["signature_method"].control.value = "HmacSHA1"
    settings["signed_headers"].control.value = "X-Tenant , X-Trace"
    settings["stage"].control.value = "TEST"
    spec = form.to_spec()
    assert spec.auth == AliyunSignatureAuth(
        signature_method="HmacSHA1", signed_headers="X-Tenant, X-Trace", stage="TEST"
    )
    again = ConnectorForm(spec)
    assert again.settings.fields["stage"].control.value == "TEST"
    assert again.to_spec() == spec
    settings["signed_headers"].control.value = "Content-Type"
    with pytest.raises(SpecError):
        form.to_spec()
    assert "has a line of its own" in settings["signed_headers"].message


def test_a_run_from_the_factory_is_signed_and_accepted(sandbox):
    connector = Connector(
        display_name="Gateway",
        host=sandbox.host_port,
        protocol="http",
        auth=AliyunSignatureAuth(),
        actions=[{"id": "echo", "name": "Echo", "path": "/aliyun/signed/v1/echo"}],
    )
    factory = ConnectorFactory(connector)
    account_form = factory.account_list.form
    assert isinstance(account_form.inputs["app_key"], w.Text)
    assert isinstance(account_form.inputs["app_secret"], w.Password)
    account_form.inputs["app_key"].value = sandbox.credentials.aliyun_app_key
    account_form.inputs["app_secret"].value = sandbox.credentials.aliyun_app_secret
    factory.account_list.apply.click()
    panel = run(factory, "echo")
    assert panel.error.value == ""
    assert "HTTP 200" in panel.status.value
    assert factory.result.json()["verified"] is True
    assert not any(sandbox.credentials.aliyun_app_secret in text for text in shown(panel))
