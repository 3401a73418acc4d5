"""The one family of errors sfndeploy raises.

Every error the user can cause derives from :class:`SfnDeployError`. The CLI boundary
(``sfndeploy.cli.errors``) turns them into one-line messages and exit statuses; nothing
else prints them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLocation:
    """A place in a file the user wrote: a template, an environment file, a definition."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class SfnDeployError(Exception):
    """Base of every error sfndeploy reports to its user.

    ``location`` says where (file, line, column), ``key`` which key or variable,
    ``hint`` what to try. ``exit_code`` is the process status the CLI exits with.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        location: SourceLocation | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.key = key
        self.hint = hint

    def one_line(self) -> str:
        parts = []
        if self.location is not None:
            parts.append(f"{self.location}:")
        if self.key:
            parts.append(f"'{self.key}':")
        parts.append(self.message)
        text = " ".join(parts)
        if self.hint:
            text += f" ({self.hint})"
        return text

    def __str__(self) -> str:
        return self.one_line()


class UsageError(SfnDeployError):
    """The command line itself is wrong."""

    exit_code = 2


class ConfigError(SfnDeployError):
    """A project, environment or workflow spec file is missing, unparsable or invalid."""


class RenderError(SfnDeployError):
    """A Jinja template failed to render (syntax error, undefined variable, missing include)."""


class IamDerivationError(SfnDeployError):
    """The least-privilege policy of a workflow cannot be derived without a gap."""


class DefinitionInvalid(SfnDeployError):
    """One or more definitions have validation errors; the diagnostics were already reported."""


class ExecutionSetupError(SfnDeployError):
    """A dry run cannot start: bad input, mock file, test case file or options."""

    exit_code = 2


class AwsError(SfnDeployError):
    """An AWS call failed; the message says which call, on what, and what to try."""


class PlanError(SfnDeployError):
    """A plan cannot be made or applied (stale, tampered, from another environment...)."""


class SecretError(SfnDeployError):
    """A secret cannot be resolved, or would go somewhere secrets must never go (tags, descriptions)."""
