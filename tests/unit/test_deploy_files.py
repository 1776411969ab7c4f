"""The deployment files (deploy/, docs/DEPLOY.md) against the code.

They cannot run here (no Docker daemon, no cluster), so each file is parsed (YAML, JSON, the
Dockerfile, env files, Markdown) and everything it names must be something the code has:

- every `zhixing …` command (an argv list, or a command in a comment, a shell string or a code
  span of the Markdown) is a command of the CLI (`workers.cli.cli`), with options it takes;
- every `ZHIXING_*` variable is one the code reads (a string that is exactly the name, in the
  packages: runtime/settings.py's ENV_OVERRIDES, click's envvar=, os.environ.get);
- every port is one the code binds or dials by default (a `…port…` constant, a settings field,
  a click `--port` default, an address literal such as "127.0.0.1:7233"), or the documented port
  of the third-party image of the container that declares it.

Files added later by others (deploy/grafana/*.json, …) are parsed and checked the same way, as
far as their kind allows (JSON: parsed, variables checked). Conversely, every variable the code
reads is documented in docs/DEPLOY.md or the README.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import re
import shlex
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from runtime.settings import ENV_OVERRIDES

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DEPLOY_DOC = ROOT / "docs" / "DEPLOY.md"
README = ROOT / "README.md"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGES: list[str] = PYPROJECT["tool"]["setuptools"]["packages"]

# The ports of the third-party images the files run (or may: metrics), from each image's
# documentation: the PostgreSQL server, the Temporal frontend (gRPC), the Temporal Web UI
# (TEMPORAL_UI_PORT), Prometheus, Grafana.
IMAGE_PORTS: dict[str, set[int]] = {
    "postgres": {5432},
    "temporalio/auto-setup": {7233},
    "temporalio/server": {7233},
    "temporalio/ui": {8080},
    "prom/prometheus": {9090},
    "grafana/grafana": {3000},
}
# A process's listening address the deployment sets (the worker's health and metrics are off
# by default): ZHIXING_WORKER_HEALTH_ADDRESS: 0.0.0.0:9000.
CONFIGURED_ADDRESS = re.compile(r"\b(ZHIXING_[A-Z0-9_]*_ADDRESS)\s*[:=]\s*\"?[\w.\-]*:(\d{2,5})\b")
PROBE_PATHS = {"livenessProbe": "/healthz", "readinessProbe": "/readyz"}

VARIABLE = re.compile(r"\bZHIXING_[A-Z0-9_]*[A-Z0-9]")
# A variable in a text, or a family of them: ZHIXING_TLS_* (some variable starts so).
MENTION = re.compile(r"\bZHIXING_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_])|\bZHIXING_[A-Z0-9_]*_\*")
# `zhixing` at the start of a word (or after bin/), followed by blanks: a command line.
INVOCATION = re.compile(
    r"(?:^|(?<=[\s`(\"'\[])|(?<=bin/))zhixing(?=[ \t])(?=([^\n]*))", re.MULTILINE
)
COMMAND_WORD = re.compile(r"[a-z][a-z0-9-]*")
# host:port, http://host:port/…, "8000:8000": four or five digits, not a version (1.29.1).
ADDRESS = re.compile(r"(?<![\w.-])(?:[A-Za-z0-9][A-Za-z0-9.-]*):(\d{4,5})(?!\d)(?!\.\d)")
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet"}


# ------------------------------------------------------------------------------------- the code
def package_sources() -> Iterator[tuple[Path, str]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path, path.read_text(encoding="utf-8")


@cache
def code_variables() -> frozenset[str]:
    """Every ZHIXING_* variable the packages read: a string constant that is exactly its name."""
    names: set[str] = set()
    for _, source in package_sources():
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and VARIABLE.fullmatch(node.value)
            ):
                names.add(node.value)
    return frozenset(names)


def _ints(node: ast.expr | None) -> set[int]:
    """The port a default is: 8000, "8000", Field(default=8000)."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, int) and not isinstance(node.value, bool):
            return {node.value}
        if isinstance(node.value, str) and node.value.isdigit():
            return {int(node.value)}
    if isinstance(node, ast.Call):
        return set().union(*(_ints(k.value) for k in node.keywords if k.arg == "default"))
    return set()


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def names_a_port(text: str) -> bool:
    """`DEFAULT_PORT`, `ui_port`, "--port", "ZHIXING_WEB_PORT" (not `REPORT_DAYS`)."""
    return "port" in re.split(r"[^a-z0-9]+", text.lower())


def ports_in(source: str) -> set[int]:
    """The ports a module binds or dials by default."""
    ports: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(names_a_port(_name(t)) for t in targets):
                ports |= _ints(node.value)
        elif isinstance(node, ast.Call):
            named = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if any(names_a_port(text) for text in named):
                ports |= set().union(*(_ints(k.value) for k in node.keywords if k.arg == "default"))
                if _name(node.func) in ("get", "getenv") and len(node.args) > 1:
                    ports |= _ints(node.args[1])  # os.environ.get("…PORT", "9000")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            address = re.fullmatch(r"[\w.-]+:(\d{2,5})", node.value)
            if address:
                ports.add(int(address.group(1)))
    return {p for p in ports if 0 < p < 65536}


@cache
def code_ports() -> frozenset[int]:
    return frozenset(set().union(*(ports_in(source) for _, source in package_sources())))


@cache
def configured_ports() -> frozenset[int]:
    """The ports the deployment files give a `ZHIXING_*_ADDRESS` the code reads."""
    found = set()
    for path in sorted((ROOT / "deploy").rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".yml", ".env", ".example"}:
            for name, port in CONFIGURED_ADDRESS.findall(path.read_text(encoding="utf-8")):
                if name in ENV_OVERRIDES:
                    found.add(int(port))
    return frozenset(found)


def zhixing_container_ports() -> frozenset[int]:
    """The ports a container of the zhixing image may declare."""
    return code_ports() | configured_ports()


def option_names(command: click.Command) -> set[str]:
    names = {"--help", "-h"}
    for param in command.params:
        if isinstance(param, click.Option):
            names.update(param.opts, param.secondary_opts)
    return names


def takes_value(command: click.Command, option: str) -> bool:
    for param in command.params:
        if isinstance(param, click.Option) and option in param.opts:
            return not (param.is_flag or param.count)
    return False


def command_problems(argv: list[str], where: str) -> list[str]:
    """What is wrong with `argv` (["zhixing", "db", "migrate"]) as a command of the CLI."""
    from workers.cli import cli

    command: click.Command = cli
    path = "zhixing"
    words = list(argv[1:])
    problems: list[str] = []
    while words:
        word = words.pop(0)
        if word.startswith("-"):
            option = word.split("=", 1)[0]
            if option not in option_names(command):
                problems.append(f"{where}: `{path}` has no option {option}")
            elif "=" not in word and takes_value(command, option) and words:
                words.pop(0)
            continue
        if not isinstance(command, click.Group):
            continue  # an argument of the command
        sub = command.commands.get(word)
        if sub is None:
            if COMMAND_WORD.fullmatch(word):
                problems.append(f"{where}: `{path}` has no command {word!r}")
            break
        command, path = sub, f"{path} {word}"
    return problems


def invocations(text: str) -> Iterator[list[str]]:
    """The `zhixing …` command lines in a text: each up to a shell separator, a closing quote or
    a word ending a phrase ("migrate:", "web,")."""
    for match in INVOCATION.finditer(text):
        if re.search(r"(?:-n|--namespace)[ =]$", text[max(0, match.start() - 12) : match.start()]):
            continue  # kubectl -n zhixing: the Kubernetes namespace
        rest = re.split(r"[`#;|&)\"']", match.group(1), maxsplit=1)[0]
        argv = ["zhixing"]
        for token in rest.split():
            word = token.strip("[]").rstrip(".,:;")
            argv.append(word)
            if word != token.strip("[]"):
                break
        yield argv


def markdown_code(text: str) -> str:
    """The fenced blocks and the inline code spans of a Markdown text, one per line."""
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    return "\n".join(fenced + re.findall(r"`([^`\n]+)`", prose))


# ------------------------------------------------------------------------------------ the files
def deploy_files() -> list[Path]:
    return sorted(p for p in DEPLOY.rglob("*") if p.is_file())


def checked_files() -> list[Path]:
    return [*deploy_files(), DEPLOY_DOC]


def kind(path: Path) -> str:
    if path.suffix in (".yaml", ".yml"):
        return "yaml"
    if path.suffix == ".json":
        return "json"
    if path.suffix == ".md":
        return "markdown"
    if path.name.endswith(".dockerignore") or path.name == ".gitignore":
        return "ignore"
    if path.name.startswith("Dockerfile"):
        return "dockerfile"
    if path.name.endswith((".env", ".env.example")) or path.name == ".env":
        return "env"
    return "text"


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def yaml_documents(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc is not None]


def all_yaml() -> Iterator[tuple[Path, Any]]:
    for path in deploy_files():
        if kind(path) == "yaml":
            for doc in yaml_documents(path):
                yield path, doc


def walk(value: Any) -> Iterator[Any]:
    """A parsed document's every node."""
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def env_file(path: Path) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f"{relative(path)}: not KEY=VALUE: {line!r}"
            pairs[key.strip()] = value.strip()
    return pairs


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    lines: list[str] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        lines.append(pending + stripped)
        pending = ""
    assert not pending, f"{relative(path)} ends inside a continued line"
    instructions = []
    for line in lines:
        word, _, arguments = line.partition(" ")
        instructions.append((word.upper(), arguments.strip()))
    return instructions


def exec_form(arguments: str) -> list[str]:
    if arguments.startswith("["):
        parsed = json.loads(arguments)
        assert isinstance(parsed, list) and all(isinstance(a, str) for a in parsed), arguments
        return parsed
    return shlex.split(arguments)


# ----------------------------------------------------------------- text: commands, vars, ports
def text_problems(path: Path) -> list[str]:
    """The commands, variables and ports named anywhere in a file's text."""
    text = path.read_text(encoding="utf-8")
    where = relative(path)
    problems = [
        f"{where}: {name} is not a variable the code reads"
        for name in sorted(set(MENTION.findall(text)))
        if not (
            name in code_variables()
            or (name.endswith("*") and any(v.startswith(name[:-1]) for v in code_variables()))
        )
    ]
    if kind(path) == "json":
        return problems  # a dashboard or a config made elsewhere: parsed, variables checked
    commands = markdown_code(text) if kind(path) == "markdown" else text
    for argv in invocations(commands):
        problems += command_problems(argv, where)
    allowed = zhixing_container_ports() | other_image_ports()
    for port in sorted({int(p) for p in ADDRESS.findall(text)} - allowed):
        problems.append(f"{where}: port {port} is neither the code's nor a known image's")
    return problems


# ---------------------------------------------------------------------- containers in the files
def image_name(image: str) -> str:
    """`registry/x/postgres:16` -> `postgres`; `temporalio/ui:2.34.0` -> `temporalio/ui`."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name = name[: len(name) - len(last)] + last.split(":", 1)[0]
    for known in IMAGE_PORTS:
        if name == known or name.endswith("/" + known):
            return known
    return name


def is_zhixing_image(image: str) -> bool:
    return image_name(image).rsplit("/", 1)[-1] == "zhixing"


def compose_files() -> list[tuple[Path, dict[str, Any]]]:
    return [(p, d) for p, d in all_yaml() if isinstance(d, dict) and "services" in d]


def compose_is_zhixing(service: dict[str, Any]) -> bool:
    build = service.get("build")
    dockerfile = build.get("dockerfile", "") if isinstance(build, dict) else ""
    return dockerfile.endswith("deploy/Dockerfile") or is_zhixing_image(service.get("image", ""))


def compose_container_ports(service: dict[str, Any]) -> set[int]:
    """The container side of `ports` ("8000:8000", "127.0.0.1:8080:8080") and `expose`."""
    ports = set()
    for entry in service.get("ports", []):
        text = str(entry["target"] if isinstance(entry, dict) else entry)
        ports.add(int(text.rsplit(":", 1)[-1].split("/", 1)[0]))
    ports |= {int(str(e).split("/", 1)[0]) for e in service.get("expose", [])}
    return ports


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    spec = (
        workload["spec"]["jobTemplate"]["spec"]
        if workload["kind"] == "CronJob"
        else workload["spec"]
    )
    pod: dict[str, Any] = spec["template"]["spec"]
    return pod


def k8s_containers() -> Iterator[tuple[Path, dict[str, Any], dict[str, Any]]]:
    """(file, manifest, container) for every container of every workload."""
    for path, doc in all_yaml():
        if isinstance(doc, dict) and doc.get("kind") in WORKLOADS:
            pod = pod_spec(doc)
            for container in pod.get("initContainers", []) + pod["containers"]:
                yield path, doc, container


def other_image_ports() -> set[int]:
    """The ports of the third-party images: the known ones', and whatever a container of an
    unknown image (added by someone else) declares."""
    ports = set().union(*IMAGE_PORTS.values())
    for _, doc in compose_files():
        for service in doc["services"].values():
            if not compose_is_zhixing(service) and image_name(service.get("image", "")) not in (
                IMAGE_PORTS
            ):
                ports |= compose_container_ports(service)
    for _, _, container in k8s_containers():
        image = container.get("image", "")
        if not is_zhixing_image(image) and image_name(image) not in IMAGE_PORTS:
            ports |= {p["containerPort"] for p in container.get("ports", [])}
    return ports


def postgres_volume_problems(service: dict[str, Any]) -> list[str]:
    """The postgres image keeps its data in the VOLUME it declares: /var/lib/postgresql/data up
    to 17, /var/lib/postgresql from 18 (PGDATA /var/lib/postgresql/18/docker); a volume on the
    other path keeps nothing (and 18 refuses to start)."""
    tag = service["image"].rsplit(":", 1)[-1] if ":" in service["image"] else "latest"
    major = re.match(r"\d+", tag)
    data = (
        "/var/lib/postgresql"
        if not major or int(major.group()) >= 18
        else "/var/lib/postgresql/data"
    )
    targets = [
        (v["target"] if isinstance(v, dict) else v.split(":")[1])
        for v in service.get("volumes", [])
    ]
    return [] if targets == [data] else [f"{service['image']}: its data volume goes on {data}"]


def argv_problems(argv: Any, where: str) -> list[str]:
    if not (isinstance(argv, list) and argv and all(isinstance(a, str) for a in argv)):
        return [f"{where}: the command must be a list of strings, not {argv!r}"]
    if argv[0] != "zhixing":
        return [f"{where}: a container of the zhixing image runs `zhixing …`, not {argv[0]!r}"]
    return command_problems(argv, where)


# ========================================================================================= tests
def test_the_deployment_files_exist() -> None:
    names = {relative(p) for p in deploy_files()}
    for needed in (
        "deploy/Dockerfile",
        "deploy/compose.yaml",
        "deploy/k8s/kustomization.yaml",
        "deploy/k8s/worker.yaml",
        "deploy/k8s/web.yaml",
        "deploy/k8s/temporal-setup-job.yaml",
        "deploy/k8s/migrate-job.yaml",
    ):
        assert needed in names
    assert DEPLOY_DOC.is_file()


@pytest.mark.parametrize("path", checked_files(), ids=relative)
def test_each_file_parses_and_names_only_what_the_code_has(path: Path) -> None:
    match kind(path):
        case "yaml":
            documents = yaml_documents(path)
            assert documents, f"{relative(path)} holds no YAML document"
            for node in walk(documents):  # an argv list anywhere (command:, args:, test:)
                if isinstance(node, list) and node[:1] == ["zhixing"]:
                    assert command_problems(node, relative(path)) == []
        case "json":
            json.loads(path.read_text(encoding="utf-8"))
        case "dockerfile":
            assert dockerfile_instructions(path)[0][0] in ("FROM", "ARG")
        case "env":
            env_file(path)
    assert text_problems(path) == []


def test_the_image() -> None:
    path = DEPLOY / "Dockerfile"
    instructions = dockerfile_instructions(path)
    froms = [args for word, args in instructions if word == "FROM"]
    assert froms == ["python:3.11-slim"], "one stage, on the Python the project requires"
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"

    copied = []
    for word, args in instructions:
        if word == "COPY":
            *sources, _ = [a for a in args.split() if not a.startswith("--")]
            copied += sources
    for source in copied:
        assert (ROOT / source).exists(), f"COPY {source}: no such file in the repository"
    for needed in [*PACKAGES, "migrations", "pyproject.toml"]:
        assert needed in copied, f"the image lacks {needed}"
    ignored = [
        line.strip()
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for source in copied:
        hits = [pattern for pattern in ignored if fnmatch.fnmatch(source, pattern)]
        assert not hits, f"COPY {source} is excluded from the context by {hits}"

    users = [args for word, args in instructions if word == "USER"]
    assert users and users[-1] not in ("root", "0"), "the processes must not run as root"
    installs = " ".join(args for word, args in instructions if word in ("ARG", "RUN"))
    assert re.search(r"\bfonts-[a-z-]*cjk\b", installs), "a CJK font package from Debian"
    for word, args in instructions:
        if word in ("CMD", "ENTRYPOINT"):
            assert argv_problems(exec_form(args), f"Dockerfile {word}") == []
        if word == "EXPOSE":
            for port in args.split():
                assert int(port.split("/")[0]) in code_ports(), f"EXPOSE {port}"


def test_the_compose_services() -> None:
    """Every service of every Compose file (deploy/compose.yaml, and any file beside it that
    overrides or extends it)."""
    files = compose_files()
    assert files
    everywhere = {name for _, compose in files for name in compose["services"]}
    for path, compose in files:
        for name, service in compose["services"].items():
            where = f"{relative(path)} service {name}"
            for dependency in service.get("depends_on", {}):
                assert dependency in everywhere, f"{where} depends on a service not there"
            command = service.get("command")
            if compose_is_zhixing(service) or (
                isinstance(command, list) and command[:1] == ["zhixing"]
            ):
                assert argv_problems(command, where) == []
                stray = compose_container_ports(service) - zhixing_container_ports()
                assert not stray, f"{where}: ports {stray} are not ones the code binds"
            elif image_name(service.get("image", "")) in IMAGE_PORTS:
                known = IMAGE_PORTS[image_name(service["image"])]
                assert compose_container_ports(service) <= known, f"{where}: not its image's"
            if image_name(service.get("image", "")) == "postgres":
                assert postgres_volume_problems(service) == [], where


def test_the_compose_topology() -> None:
    path = DEPLOY / "compose.yaml"
    (compose,) = yaml_documents(path)
    services: dict[str, dict[str, Any]] = compose["services"]
    commands = {n: s["command"] for n, s in services.items() if compose_is_zhixing(s)}
    runs = sorted(" ".join(c[:3]) for c in commands.values())
    for needed in ("zhixing db migrate", "zhixing temporal setup", "zhixing web", "zhixing worker"):
        assert any(r.startswith(needed) for r in runs), f"no service runs {needed}"
    workers = [n for n, c in commands.items() if c[:2] == ["zhixing", "worker"]]
    assert [services[n].get("deploy", {}).get("replicas") for n in workers] == [2]
    images = {image_name(s.get("image", "")) for s in services.values()}
    assert {"postgres", "temporalio/ui"} <= images
    assert images & {"temporalio/auto-setup", "temporalio/server"}

    # ${VAR} interpolations: a default, or required and listed in the example .env.
    example = env_file(DEPLOY / "compose.env.example")
    text = path.read_text(encoding="utf-8")
    for name, operator in re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?])?", text):
        assert operator in (":-", "-") or name in example, f"${{{name}}} has no default"


def test_the_kubernetes_manifests() -> None:
    k8s = DEPLOY / "k8s"
    kustomization = yaml_documents(k8s / "kustomization.yaml")[0]
    resources = set(kustomization["resources"])
    manifests = {p.name for p in k8s.glob("*.yaml")} - {"kustomization.yaml"}
    assert resources == manifests, "kustomization.yaml lists every manifest, and only those"
    for generator in kustomization.get("secretGenerator", []):
        for env in generator.get("envs", []):
            assert (k8s / f"{env}.example").is_file(), f"{env}: no example beside it"
            assert text_problems(k8s / f"{env}.example") == []
    config_maps = {d["metadata"]["name"] for _, d in all_yaml() if d.get("kind") == "ConfigMap"}
    secrets = {g["name"] for g in kustomization.get("secretGenerator", [])}
    secrets |= {d["metadata"]["name"] for _, d in all_yaml() if d.get("kind") == "Secret"}

    runs: dict[str, str] = {}
    zhixing_port_names: set[str] = set()
    for path, doc, container in k8s_containers():
        where = f"{relative(path)} {doc['kind']} {doc['metadata']['name']}"
        volumes = {v["name"] for v in pod_spec(doc).get("volumes", [])}
        for mount in container.get("volumeMounts", []):
            assert mount["name"] in volumes, f"{where}: no volume {mount['name']}"
        if not is_zhixing_image(container["image"]):
            continue
        argv = container.get("command", []) + container.get("args", [])
        assert argv_problems(argv, where) == []
        runs[" ".join(argv[:3])] = doc["kind"]
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                assert source["configMapRef"]["name"] in config_maps, where
            if "secretRef" in source:
                assert source["secretRef"]["name"] in secrets, where
        ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
        zhixing_port_names |= set(ports)
        assert set(ports.values()) <= zhixing_container_ports(), f"{where}: ports {ports}"
        for probe, expected in PROBE_PATHS.items():
            if doc["kind"] != "Deployment":
                continue
            check = container[probe]["httpGet"]
            assert check["path"] == expected, f"{where}: {probe} on {check['path']}"
            port = check["port"]
            assert (port in ports) if isinstance(port, str) else (port in ports.values()), where
    assert runs.get("zhixing worker") == "Deployment"
    assert runs.get("zhixing web") == "Deployment"
    assert runs.get("zhixing temporal setup") == "Job"
    assert runs.get("zhixing db migrate") == "Job"

    services = [d for _, d in all_yaml() if d.get("kind") == "Service"]
    assert services, "a Service for the web app"
    for service in services:
        for port in service["spec"]["ports"]:
            target = port.get("targetPort", port["port"])
            if isinstance(target, str):
                assert target in zhixing_port_names, f"targetPort {target}"
            else:
                assert target in zhixing_container_ports(), f"targetPort {target}"


def test_deploy_md_links_resolve_and_the_readme_links_it() -> None:
    text = DEPLOY_DOC.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if not re.match(r"[a-z]+:", target):
            assert (DEPLOY_DOC.parent / target).exists(), f"docs/DEPLOY.md links {target}"
    assert "docs/DEPLOY.md" in README.read_text(encoding="utf-8")


def test_every_variable_the_code_reads_is_documented() -> None:
    from runtime.settings import ENV_OVERRIDES

    assert set(ENV_OVERRIDES) <= code_variables()
    documented = DEPLOY_DOC.read_text(encoding="utf-8") + README.read_text(encoding="utf-8")
    missing = sorted(name for name in code_variables() if name not in documented)
    assert missing == [], f"document these in docs/DEPLOY.md (the variables' table): {missing}"


def test_the_checks_catch_what_they_are_for(tmp_path: Path) -> None:
    """The checks themselves: a misspelt variable, command or option, and a stray port."""
    sample = tmp_path / "sample.yaml"
    sample.write_text(
        "env:\n"
        "  ZHIXING_TEMPORAL_ADRESS: temporal:7233\n"  # misspelt
        "  ZHIXING_WEB_SECRET: x\n"
        "command: sh -c 'zhixing db migrate && zhixing db migrat'\n"
        "# then zhixing temporal setup --retention-day 30\n"
        "url: http://web:8001/readyz\n",
        encoding="utf-8",
    )
    problems = text_problems(sample)
    text = "\n".join(problems)
    assert "ZHIXING_TEMPORAL_ADRESS" in text and "ZHIXING_WEB_SECRET" not in text
    assert "no command 'migrat'" in text
    assert "no option --retention-day" in text
    assert "port 8001" in text and "7233" not in text
    assert len(problems) == 4
    assert command_problems(["zhixing", "worker"], "x") == []
    assert command_problems(["zhixing", "case", "shw"], "x") != []
