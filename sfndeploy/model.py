"""Plain data that flows between the stages: configuration in, rendered workflows out.

load config -> render -> validate -> desired model -> live state -> plan -> execute.
Every stage takes and returns these frozen dataclasses (or plain JSON-like data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sfndeploy.secrets.sources import SecretSources
from sfndeploy.sourcemap import SourceMap

if TYPE_CHECKING:
    from sfndeploy.alarms import Alarm
    from sfndeploy.eventbridge.notifications import Notification
    from sfndeploy.iam import DerivedIam
    from sfndeploy.triggers.model import Trigger

JSON = Any  # a value made of dict, list, str, int, float, bool and None


@dataclass(frozen=True)
class Naming:
    prefix: str = ""
    suffix: str = ""

    def apply(self, name: str) -> str:
        return f"{self.prefix}{name}{self.suffix}"


@dataclass(frozen=True)
class LoggingConfig:
    level: str = "OFF"  # ALL | ERROR | FATAL | OFF
    include_execution_data: bool = False
    log_group: str | None = None  # a name or an ARN; None lets sfndeploy name it


def default_log_group(state_machine_name: str) -> str:
    """Where a state machine's execution logs go when no log group is named."""
    return f"/aws/vendedlogs/states/{state_machine_name}"


@dataclass(frozen=True)
class AssumeRole:
    """The environment file's ``assume_role``: a role assumed on top of the profile or ambient credentials."""

    arn: str
    session_name: str
    external_id: str | None = None
    duration_seconds: int | None = None


@dataclass(frozen=True)
class Environment:
    """``environments/<name>.yaml``, loaded and checked."""

    name: str
    region: str
    account_id: str
    path: Path
    partition: str = "aws"
    endpoint_url: str | None = None
    profile: str | None = None
    assume_role: AssumeRole | None = None
    promoted_from: str | None = None
    naming: Naming = field(default_factory=Naming)
    tags: dict[str, str] = field(default_factory=dict)
    vars: dict[str, JSON] = field(default_factory=dict)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    tracing: bool = False
    deploy: dict[str, JSON] = field(default_factory=dict)
    lock: dict[str, JSON] = field(default_factory=dict)
    secrets: SecretSources = field(default_factory=SecretSources)  # templates see placeholders only
    template_env: tuple[str, ...] = ()  # environment variables templates may read with env_var()
    raw: dict[str, JSON] = field(default_factory=dict)


@dataclass(frozen=True)
class Project:
    """The project root: its name and where templates and environments live."""

    name: str
    root: Path
    templates_dir: Path
    environments_dir: Path

    def environment_path(self, env_name: str) -> Path:
        return self.environments_dir / f"{env_name}.yaml"


@dataclass(frozen=True)
class RoleSpec:
    """Either an existing role (``arn``) or one sfndeploy generates and owns."""

    arn: str | None = None
    name: str | None = None
    statements: tuple[JSON, ...] = ()
    broad_allowed: tuple[int, ...] = ()  # indexes of statements the spec marks ``allow_broad: true``
    permissions_boundary: str | None = None
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def generated(self) -> bool:
        return self.arn is None


@dataclass(frozen=True)
class EncryptionConfig:
    kms_key: str | None = None  # None: AWS owned key
    reuse_period_seconds: int = 300


@dataclass(frozen=True)
class RenderedWorkflow:
    """One workflow spec rendered for one environment: the unit every later stage works on.

    ``definition`` is the ASL definition as plain data; ``source_map`` maps JSON pointers into the
    rendered spec (``/definition/States/Charge/Next``) back to template file, line and column.
    ``definition_pointer`` is the pointer prefix under which the definition sits in ``source_map``.
    """

    name: str  # the workflow's logical name, as written in the spec
    state_machine_name: str  # with the environment's prefix and suffix
    type: str  # STANDARD | EXPRESS
    definition: JSON
    spec_path: Path
    source_map: SourceMap
    definition_pointer: str
    environment: Environment
    description: str = ""
    role: RoleSpec = field(default_factory=RoleSpec)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    tracing: bool = False
    encryption: EncryptionConfig = field(default_factory=EncryptionConfig)
    tags: dict[str, str] = field(default_factory=dict)
    alias: str | None = None
    publish: bool = True
    adopt: bool = False  # an existing untagged state machine (and rules) of this name is adopted by apply
    source_files: tuple[Path, ...] = ()  # the spec and every template it pulled in
    sources_hash: str = ""  # sha256 over those files' names and contents, as rendered
    spec: dict[str, JSON] = field(default_factory=dict)  # the whole rendered spec, as data
    iam: DerivedIam | None = None  # derived role policies; None for an existing role or before derivation
    triggers: tuple[Trigger, ...] = ()  # what starts the workflow (``triggers:``), in the order written
    notifications: tuple[Notification, ...] = ()  # status changes sent elsewhere (``notifications:``)
    alarms: tuple[Alarm, ...] = ()  # CloudWatch alarms on its AWS/States metrics (``alarms:``)

    @property
    def log_group(self) -> str | None:
        """The log group (name or ARN) execution logs go to; None when logging is OFF."""
        if self.logging.level == "OFF":
            return None
        return self.logging.log_group or default_log_group(self.state_machine_name)

    @property
    def state_machine_arn(self) -> str:
        env = self.environment
        return (
            f"arn:{env.partition}:states:{env.region}:{env.account_id}:"
            f"stateMachine:{self.state_machine_name}"
        )
