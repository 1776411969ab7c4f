"""The Temporal side of a worker's readiness: the namespace exists and every custom search
attribute of `runtime/search_attributes.py` is registered with its type; and the fix,
`zhixing temporal setup` (`setup_temporal`), which makes it so and can run any number of times.

Without the attributes every workflow task of a case fails (`search attribute
ZhixingNextDeadline is not defined`) and every query times out, while the worker looks fine:
hence the check before a worker serves (workers/preflight.py).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from google.protobuf.duration_pb2 import Duration
from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import (
    AddSearchAttributesRequest,
    ListSearchAttributesRequest,
)
from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest, RegisterNamespaceRequest
from temporalio.client import Client
from temporalio.common import SearchAttributeIndexedValueType, SearchAttributeKey
from temporalio.service import RPCError, RPCStatusCode

from runtime.search_attributes import ALL, CLI_TYPE_NAMES

SETUP_COMMAND = "zhixing temporal setup"
# Temporal Cloud's endpoints (mTLS: <namespace>.<account>.tmprl.cloud; API keys:
# <region>.<provider>.api.temporal.io): namespaces and search attributes are made in its console.
CLOUD_HOSTS = (".tmprl.cloud", ".api.temporal.io")
CLOUD_CONSOLE = "https://cloud.temporal.io"
RETENTION = timedelta(days=30)
"""How long a namespace made here keeps the histories of closed cases, unless told otherwise."""
SETTLE_TIME = 30.0
"""Seconds a cluster may take to serve a namespace just registered and list the attributes just
added (its namespace cache)."""


@dataclass(frozen=True)
class Problem:
    """Something that keeps a worker from serving, in Chinese and English, and its fix."""

    zh: str
    en: str
    fix: str
    detail: str = ""
    """What exactly (names, types, an error), in neither language."""

    def __str__(self) -> str:
        detail = f":\n    {self.detail}" if self.detail else ""
        return f"  - {self.zh} / {self.en}{detail}\n    修复 / fix: {self.fix}"


class Problems(Exception):
    """Problems, each with its fix, under the class's `title`."""

    title = ""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join([self.title, *map(str, self.problems)])


class SetupError(Problems):
    """What `zhixing temporal setup` could not do, and what to do instead."""

    title = "Temporal 未能设置 / Temporal could not be set up:"


@dataclass
class SetupReport:
    namespace: str
    created: bool = False
    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)


def type_name(value: int) -> str:
    try:
        return CLI_TYPE_NAMES[SearchAttributeIndexedValueType(value)]
    except (ValueError, KeyError):
        return f"type {value}"


def on_cloud(address: str) -> bool:
    host = address.rsplit(":", 1)[0]
    return host.endswith(CLOUD_HOSTS)


async def registered_search_attributes(client: Client, namespace: str) -> dict[str, int]:
    """The namespace's custom search attributes: name -> IndexedValueType."""
    response = await client.operator_service.list_search_attributes(
        ListSearchAttributesRequest(namespace=namespace)
    )
    return dict(response.custom_attributes)


async def compare(
    client: Client, namespace: str
) -> tuple[list[SearchAttributeKey[Any]], list[tuple[SearchAttributeKey[Any], int]]]:
    """The case attributes `namespace` lacks, and those it has with another type (and that
    type): what the preflight reports and the setup fixes."""
    registered = await registered_search_attributes(client, namespace)
    missing = [key for key in ALL if key.name not in registered]
    conflicting = [
        (key, registered[key.name])
        for key in ALL
        if key.name in registered and registered[key.name] != int(key.indexed_value_type)
    ]
    return missing, conflicting


def conflict_problem(
    namespace: str, conflicting: list[tuple[SearchAttributeKey[Any], int]]
) -> Problem:
    names = ", ".join(
        f"{key.name} ({type_name(found)} ≠ {CLI_TYPE_NAMES[key.indexed_value_type]})"
        for key, found in conflicting
    )
    flags = " ".join(f"--name {key.name}" for key, _ in conflicting)
    return Problem(
        f"命名空间 {namespace} 中搜索属性的类型不符（已注册 ≠ 所需）",
        f"search attributes of namespace {namespace} have another type (registered ≠ needed)",
        "若无他用，删除后重新设置 / if nothing else uses them, remove them and set up again: "
        f"temporal operator search-attribute remove --namespace {namespace} {flags}; "
        f"{SETUP_COMMAND} (或换用命名空间 / or another namespace: ZHIXING_TEMPORAL_NAMESPACE)",
        names,
    )


def missing_problem(namespace: str, missing: list[SearchAttributeKey[Any]]) -> Problem:
    names = ", ".join(f"{key.name} ({CLI_TYPE_NAMES[key.indexed_value_type]})" for key in missing)
    return Problem(
        f"命名空间 {namespace} 缺少搜索属性",
        f"namespace {namespace} lacks search attributes",
        SETUP_COMMAND,
        names,
    )


async def temporal_problems(client: Client, namespace: str) -> list[Problem]:
    """What keeps a worker of `namespace` from serving, on the Temporal side."""
    try:
        await client.workflow_service.describe_namespace(
            DescribeNamespaceRequest(namespace=namespace)
        )
        missing, conflicting = await compare(client, namespace)
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return [
                Problem(
                    f"命名空间 {namespace} 不存在",
                    f"namespace {namespace} does not exist",
                    SETUP_COMMAND,
                )
            ]
        return [
            Problem(
                f"无法读取命名空间 {namespace}",
                f"cannot read namespace {namespace}",
                f"检查 Temporal 的地址与凭据 / check the Temporal address and credentials, "
                f"then {SETUP_COMMAND}",
                f"{exc.status.name}: {exc.message}",
            )
        ]
    problems = [missing_problem(namespace, missing)] if missing else []
    if conflicting:
        problems.append(conflict_problem(namespace, conflicting))
    return problems


# --------------------------------------------------------------------------------- the setup
def _cloud_problem(what_zh: str, what_en: str, namespace: str) -> Problem:
    return Problem(
        f"Temporal Cloud 上{what_zh}须在云控制台（{CLOUD_CONSOLE}）或用 tcld 完成",
        f"on Temporal Cloud, {what_en} in the cloud console ({CLOUD_CONSOLE}) or with tcld",
        f"{what_en} for namespace {namespace} there, then {SETUP_COMMAND}",
    )


async def _ensure_namespace(
    client: Client, namespace: str, address: str, retention: timedelta
) -> bool:
    """True when the namespace was registered here."""
    try:
        await client.workflow_service.describe_namespace(
            DescribeNamespaceRequest(namespace=namespace)
        )
        return False
    except RPCError as exc:
        if exc.status != RPCStatusCode.NOT_FOUND:
            raise
    if on_cloud(address):
        raise SetupError([_cloud_problem("命名空间", "create the namespace", namespace)])
    period = Duration()
    period.FromTimedelta(retention)
    try:
        await client.workflow_service.register_namespace(
            RegisterNamespaceRequest(
                namespace=namespace, workflow_execution_retention_period=period
            )
        )
    except RPCError as exc:
        if exc.status != RPCStatusCode.ALREADY_EXISTS:  # another setup was quicker
            raise
    return True


async def _add(
    client: Client, namespace: str, address: str, missing: list[SearchAttributeKey[Any]]
) -> None:
    try:
        await client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(
                namespace=namespace,
                search_attributes={
                    key.name: IndexedValueType.ValueType(key.indexed_value_type) for key in missing
                },
            )
        )
    except RPCError as exc:
        if on_cloud(address) and exc.status in (
            RPCStatusCode.PERMISSION_DENIED,
            RPCStatusCode.UNIMPLEMENTED,
        ):
            raise SetupError(
                [_cloud_problem("搜索属性", "add the search attributes", namespace)]
            ) from exc
        if exc.status != RPCStatusCode.ALREADY_EXISTS:  # else another setup was quicker
            raise


async def _missing(
    client: Client, namespace: str, deadline: float, *, just_created: bool, until_none: bool
) -> list[SearchAttributeKey[Any]]:
    """The case attributes `namespace` lacks (`compare`); one it has with another type is a
    `SetupError`. A cluster may serve a namespace `just_created` (NOT_FOUND until then), and list
    attributes just added, some seconds later: polled until it lists the namespace (and, with
    `until_none`, every attribute), or `deadline` passes."""
    loop = asyncio.get_running_loop()
    while True:
        try:
            missing, conflicting = await compare(client, namespace)
        except RPCError as exc:
            if not (just_created and exc.status == RPCStatusCode.NOT_FOUND):
                raise
        else:
            if conflicting:
                raise SetupError([conflict_problem(namespace, conflicting)])
            if not (until_none and missing):
                return missing
        if loop.time() > deadline:
            raise SetupError(
                [
                    Problem(
                        f"{SETTLE_TIME:.0f} 秒后 Temporal 仍未列出所设置的命名空间与搜索属性",
                        f"{SETTLE_TIME:.0f} s later Temporal still does not list the namespace "
                        "and the search attributes set up",
                        f"稍后再试 / try again later: {SETUP_COMMAND}",
                    )
                ]
            )
        await asyncio.sleep(0.5)


async def setup_temporal(
    client: Client, namespace: str, address: str, retention: timedelta = RETENTION
) -> SetupReport:
    """Create `namespace` if missing (`retention`: how long closed cases' histories stay) and
    register the case search attributes not yet there. Idempotent; an attribute registered with
    another type is a `SetupError` (removing it is the operator's call, never ours)."""
    report = SetupReport(namespace)
    try:
        report.created = await _ensure_namespace(client, namespace, address, retention)
        deadline = asyncio.get_running_loop().time() + SETTLE_TIME
        missing = await _missing(
            client, namespace, deadline, just_created=report.created, until_none=False
        )
        if missing:
            await _add(client, namespace, address, missing)
            await _missing(
                client, namespace, deadline, just_created=report.created, until_none=True
            )
    except RPCError as exc:
        raise SetupError(
            [
                Problem(
                    "Temporal 拒绝了设置",
                    "Temporal refused the setup",
                    "检查地址、命名空间与权限 / check the address, the namespace and the "
                    "permissions (ZHIXING_TEMPORAL_ADDRESS, ZHIXING_TEMPORAL_NAMESPACE)",
                    f"{exc.status.name}: {exc.message}",
                )
            ]
        ) from exc
    report.added = [key.name for key in missing]
    report.present = [key.name for key in ALL if key.name not in report.added]
    return report
