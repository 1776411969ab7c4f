"""Settings: `temporal-dev.yaml`, then environment variables on top.

Where the file is: `ZHIXING_CONFIG`, else `temporal-dev.yaml` in the project root; when there is
no file the defaults below apply. Every setting can be overridden from the environment
(`ENV_OVERRIDES` lists the variables), which is how a deployment points the same workers at a
remote Temporal cluster (TLS or an API key) and a managed PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_FILE = PROJECT_ROOT / "temporal-dev.yaml"

Adapters = Literal["simulated", "manual"]


class ConfigError(Exception):
    """The configuration file or an environment variable is not usable."""


def _comma_separated(trailing: str = "") -> BeforeValidator:
    """A list given as one string (the environment's): split at commas, blank items dropped,
    each stripped of spaces, then of `trailing` characters."""

    def split(value: Any) -> Any:
        if isinstance(value, str):
            return tuple(item.strip().rstrip(trailing) for item in value.split(",") if item.strip())
        return value

    return BeforeValidator(split)


class DevServerSettings(BaseModel):
    """`temporal server start-dev` as `zhixing dev` runs it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ip: str = "127.0.0.1"
    port: int = Field(default=7233, ge=1, le=65535)
    ui_port: int = Field(default=8233, ge=1, le=65535)
    headless: bool = False
    namespace: str = "default"
    db_filename: str = "temporal.sqlite"
    """File name (or a path relative to `data_dir`) of the dev server's SQLite database."""
    sqlite_pragmas: dict[str, str] = Field(
        default_factory=lambda: {"journal_mode": "wal", "synchronous": "normal"}
    )
    log_level: str = "warn"

    @field_validator("sqlite_pragmas", mode="before")
    @classmethod
    def _pragmas_as_strings(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {str(k): str(v) for k, v in value.items()}
        return value

    def pragma_args(self) -> list[str]:
        """`--sqlite-pragma KEY=VALUE` pairs for the CLI."""
        args: list[str] = []
        for key, value in self.sqlite_pragmas.items():
            args += ["--sqlite-pragma", f"{key}={value}"]
        return args


class WebSettings(BaseModel):
    """The web app's door (web/edge.py, web/throttle.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    trusted_proxies: Annotated[tuple[str, ...], _comma_separated()] = ()
    """Reverse proxies (addresses or networks, or "*") whose X-Forwarded-For / X-Forwarded-Proto
    are believed; none by default."""
    login_max_failures: int = Field(default=5, ge=1)
    """Failed logins of one account within the window before it is locked."""
    login_max_failures_per_address: int = Field(default=50, ge=1)
    """Failed logins from one client address within the window before it is locked."""
    login_window_seconds: int = Field(default=900, ge=1)
    login_lockout_seconds: int = Field(default=900, ge=1)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    task_queue: str = "enforcement"
    simulator_task_queue: str = "enforcement-simulators"
    database_url: str | None = None
    """PostgreSQL DSN; unset means the embedded server under `data_dir`."""
    data_dir: Path = PROJECT_ROOT / ".data"
    adapters: Adapters = "simulated"
    cached_cases: int = Field(default=1000, ge=1)
    """Cases a worker keeps in memory (Temporal's sticky cache, `max_cached_workflows`): a
    command to a case outside it first replays the case's history. About 0.3 MiB per case
    (docs/PERFORMANCE.md)."""

    # A remote cluster. Each TLS value is a file path or the PEM text itself.
    tls_cert: str | None = None
    tls_key: str | None = None
    tls_ca: str | None = None
    tls_server_name: str | None = None
    api_key: str | None = Field(default=None, repr=False)

    # Payloads at rest (runtime/codec.py): the keys, never in the config file nor the repository.
    payload_keys: str | None = Field(default=None, repr=False)
    """`id:base64key,id2:base64key`, the first encrypting, every one decrypting."""
    payload_key_file: Path | None = None
    """A JSON key file `{"active": id, "keys": {id: base64key}}`, read when `payload_keys` is
    unset. Neither set: keys made once in `<data_dir>/payload-keys.json` (development only)."""
    # The web app's codec endpoint for the Temporal Web UI (web/payload_codec.py).
    codec_token: str | None = Field(default=None, repr=False)
    """A bearer token that may call /codec without a login (the `temporal` CLI's
    `--codec-auth`, a proxy in front of the Temporal UI); unset: only logged-in users."""
    codec_origins: Annotated[tuple[str, ...] | None, _comma_separated(trailing="/")] = None
    """Browser origins allowed to call /codec (the Temporal Web UI's); unset: the dev server's
    UI. From the environment, comma-separated."""

    dev_server: DevServerSettings = Field(default_factory=DevServerSettings)
    web: WebSettings = Field(default_factory=WebSettings)

    # Observability (runtime/telemetry.py, web/health.py, web/metrics.py).
    temporal_ui_url: str | None = None
    """The Temporal Web UI the case page links to (`<url>/namespaces/<ns>/workflows/<id>`);
    unset: the dev server's UI."""
    worker_metrics_address: str | None = None
    """host:port where a worker's Temporal runtime serves Prometheus metrics; unset: none."""
    worker_health_address: str | None = None
    """host:port where a worker serves /healthz and /readyz; unset: none."""

    config_file: Path | None = Field(default=None, exclude=True)
    """The file these settings were read from (None: defaults and environment only)."""

    @property
    def dev_db_path(self) -> Path:
        return self.data_dir / self.dev_server.db_filename

    @property
    def dev_address(self) -> str:
        return f"{self.dev_server.ip}:{self.dev_server.port}"

    @property
    def codec_allowed_origins(self) -> tuple[str, ...]:
        if self.codec_origins is not None:
            return self.codec_origins
        return (f"http://{self.dev_server.ip}:{self.dev_server.ui_port}",)

    @property
    def temporal_ui(self) -> str:
        """The Temporal Web UI's base URL (no trailing slash)."""
        if self.temporal_ui_url:
            return self.temporal_ui_url.rstrip("/")
        return f"http://{self.dev_server.ip}:{self.dev_server.ui_port}"

    @property
    def uses_tls(self) -> bool:
        return any((self.tls_cert, self.tls_key, self.tls_ca, self.tls_server_name))


# environment variable -> (section path in the settings dict)
ENV_OVERRIDES: dict[str, tuple[str, ...]] = {
    "ZHIXING_TEMPORAL_ADDRESS": ("temporal_address",),
    "ZHIXING_TEMPORAL_NAMESPACE": ("temporal_namespace",),
    "ZHIXING_TASK_QUEUE": ("task_queue",),
    "ZHIXING_SIMULATOR_TASK_QUEUE": ("simulator_task_queue",),
    "ZHIXING_DATABASE_URL": ("database_url",),
    "ZHIXING_DATA_DIR": ("data_dir",),
    "ZHIXING_ADAPTERS": ("adapters",),
    "ZHIXING_CACHED_CASES": ("cached_cases",),
    "ZHIXING_TLS_CERT": ("tls_cert",),
    "ZHIXING_TLS_KEY": ("tls_key",),
    "ZHIXING_TLS_CA": ("tls_ca",),
    "ZHIXING_TLS_SERVER_NAME": ("tls_server_name",),
    "ZHIXING_API_KEY": ("api_key",),
    "ZHIXING_PAYLOAD_KEYS": ("payload_keys",),
    "ZHIXING_PAYLOAD_KEY_FILE": ("payload_key_file",),
    "ZHIXING_CODEC_TOKEN": ("codec_token",),
    "ZHIXING_CODEC_ORIGINS": ("codec_origins",),
    "ZHIXING_DEV_PORT": ("dev_server", "port"),
    "ZHIXING_DEV_UI_PORT": ("dev_server", "ui_port"),
    "ZHIXING_TRUSTED_PROXIES": ("web", "trusted_proxies"),
    "ZHIXING_LOGIN_MAX_FAILURES": ("web", "login_max_failures"),
    "ZHIXING_LOGIN_MAX_FAILURES_PER_ADDRESS": ("web", "login_max_failures_per_address"),
    "ZHIXING_LOGIN_WINDOW_SECONDS": ("web", "login_window_seconds"),
    "ZHIXING_LOGIN_LOCKOUT_SECONDS": ("web", "login_lockout_seconds"),
    "ZHIXING_TEMPORAL_UI_URL": ("temporal_ui_url",),
    "ZHIXING_WORKER_METRICS_ADDRESS": ("worker_metrics_address",),
    "ZHIXING_WORKER_HEALTH_ADDRESS": ("worker_health_address",),
}

# Paths: relative ones are resolved against the config file's directory (or, from the
# environment, the working directory).
_PATHS = ("data_dir", "payload_key_file")
# Secrets the config file (kept in the repository) must not hold.
_SECRETS_NOT_IN_FILE = ("payload_keys", "codec_token")

# YAML layout (sections are for humans) -> flat Settings field names.
_YAML_TEMPORAL_KEYS = {
    "address": "temporal_address",
    "namespace": "temporal_namespace",
    "task_queue": "task_queue",
    "simulator_task_queue": "simulator_task_queue",
    "tls_cert": "tls_cert",
    "tls_key": "tls_key",
    "tls_ca": "tls_ca",
    "tls_server_name": "tls_server_name",
    "api_key": "api_key",
}


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    explicit = env.get("ZHIXING_CONFIG")
    return Path(explicit).expanduser() if explicit else DEFAULT_CONFIG_FILE


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"配置文件格式错误 / malformed config file {path}: {exc}") from exc
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"配置文件须为映射 / config file {path} must be a mapping")
    return raw


def _flatten(raw: Mapping[str, Any], base_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "temporal":
            if not isinstance(value, Mapping):
                raise ConfigError("`temporal` must be a mapping")
            for sub, sub_value in value.items():
                if sub not in _YAML_TEMPORAL_KEYS:
                    raise ConfigError(f"unknown setting temporal.{sub}")
                data[_YAML_TEMPORAL_KEYS[sub]] = sub_value
        else:
            data[key] = value
    for key in _SECRETS_NOT_IN_FILE:
        if key in data:
            raise ConfigError(
                f"{key} 不得写入配置文件，请用环境变量或密钥文件 / {key} must not be in the config "
                "file: set it from the environment or a key file (README, payload keys)"
            )
    for key in _PATHS:
        if data.get(key) is not None:
            path = Path(str(data[key])).expanduser()
            data[key] = path if path.is_absolute() else base_dir / path
    return data


def _set_path(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = data
    for part in path[:-1]:
        existing = target.get(part)
        if not isinstance(existing, dict):
            existing = dict(existing) if isinstance(existing, Mapping) else {}
            target[part] = existing
        target = existing
    target[path[-1]] = value


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the config file (if any), apply the `ZHIXING_*` environment, validate."""
    env = os.environ if environ is None else environ
    path = config_path(env)
    data: dict[str, Any] = {}
    config_file: Path | None = None
    if path.is_file():
        config_file = path.resolve()
        data = _flatten(_read_yaml(path), config_file.parent)
    elif "ZHIXING_CONFIG" in env:
        raise ConfigError(f"找不到配置文件 / config file not found: {path}")

    for var, target in ENV_OVERRIDES.items():
        value = env.get(var)
        if value is None or value == "":
            continue
        if target[0] in _PATHS:
            _set_path(data, target, Path(value).expanduser().resolve())
        else:
            _set_path(data, target, value)
    data["config_file"] = config_file
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        source = config_file or "defaults"
        raise ConfigError(f"配置无效 / invalid settings (from {source} + env):\n{exc}") from exc
