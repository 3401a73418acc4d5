"""The ready-made CI files (docs/ci/, .pre-commit-hooks.yaml): parsed, their jobs and steps as
docs/ci.md describes them, and every ``sfndeploy`` command line in them accepted by the CLI's own
parser (resolved and parsed with ``make_context``, never run)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from sfndeploy.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / "docs" / "ci" / "github" / "sfndeploy.yml"
GITLAB = ROOT / "docs" / "ci" / "gitlab" / ".gitlab-ci.yml"
PRE_COMMIT = ROOT / ".pre-commit-hooks.yaml"
GUIDE = ROOT / "docs" / "ci.md"

# What the pipelines' expressions and variables stand for when a command line is checked.
SAMPLES = {"${{ matrix.env }}": "dev", "$SFNDEPLOY_ENV": "dev", '"$SFNDEPLOY_ENV"': "dev"}
_SEPARATORS = re.compile(r"\s*(?:&&|\|\||;|\|)\s*")
_REDIRECTION = re.compile(r"\s*(?:\d?>>?|<)\s*\S+")


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def parse_command_line(argv: list[str]) -> click.Context:
    """Parse ``argv`` (after ``sfndeploy``) as the CLI would, down to the leaf command; run nothing."""
    context = cli.make_context("sfndeploy", list(argv))
    group: click.Group = cli
    position = _command_position(argv)
    while True:
        name = argv[position]
        command = group.get_command(context, name)
        if command is None:
            raise click.UsageError(f"no such command: {name}")
        rest = argv[position + 1 :]
        if isinstance(command, click.Group):
            context = command.make_context(name, list(rest), parent=context)
            group, argv, position = command, rest, 0
            continue
        return command.make_context(name, list(rest), parent=context)


def _command_position(argv: list[str]) -> int:
    """Index of the command name: the first word that is neither a global option nor its value."""
    index = 0
    while argv[index].startswith("-"):
        index += 2 if argv[index] == "--project-dir" else 1
    return index


def shell_lines(script: str) -> Iterator[str]:
    yield from script.replace("\\\n", " ").splitlines()


def sfndeploy_commands(lines: Iterator[str]) -> Iterator[list[str]]:
    for line in lines:
        for segment in _SEPARATORS.split(line.strip()):
            if not segment.startswith("sfndeploy "):
                continue
            text = _REDIRECTION.sub("", segment)
            for expression, value in SAMPLES.items():
                text = text.replace(expression, value)
            assert "$" not in text, f"unknown variable in: {segment}"
            yield shlex.split(text, comments=True)[1:]


def github_lines(workflow: dict[Any, Any]) -> Iterator[str]:
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "run" in step:
                yield from shell_lines(step["run"])


def gitlab_lines(pipeline: dict[Any, Any]) -> Iterator[str]:
    for name, job in pipeline.items():
        if isinstance(job, dict):
            for key in ("before_script", "script", "after_script"):
                for item in _flatten(job.get(key, [])):
                    yield from shell_lines(item)
        elif name.startswith(".") and isinstance(job, list):  # a YAML anchor of script lines
            for item in _flatten(job):
                yield from shell_lines(item)


def _flatten(items: Any) -> Iterator[str]:
    if isinstance(items, str):
        yield items
    elif isinstance(items, list):
        for item in items:
            yield from _flatten(item)


def guide_lines() -> Iterator[str]:
    inside = False
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside:
            yield line


def all_commands() -> list[tuple[str, list[str]]]:
    found = [("github", argv) for argv in sfndeploy_commands(github_lines(load(GITHUB)))]
    found.extend(("gitlab", argv) for argv in sfndeploy_commands(gitlab_lines(load(GITLAB))))
    found.extend(("docs/ci.md", argv) for argv in sfndeploy_commands(guide_lines()))
    for hook in yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8")):
        found.append((hook["id"], [*shlex.split(hook["entry"])[1:], *hook.get("args", [])]))
    return found


COMMANDS = all_commands()


@pytest.mark.parametrize(("source", "argv"), COMMANDS, ids=[f"{s}: {' '.join(a)}" for s, a in COMMANDS])
def test_every_command_line_is_accepted_by_the_cli_parser(source: str, argv: list[str]) -> None:
    context = parse_command_line(argv)
    position = _command_position(argv)
    leaf = argv[position + 1] if argv[position] == "rollout" else argv[position]
    assert context.info_name == leaf and context.parent is not None


def test_the_files_use_the_commands_a_pipeline_needs() -> None:
    by_source: dict[str, set[str]] = {}
    for source, argv in COMMANDS:
        by_source.setdefault(source, set()).add(" ".join(argv))
    for source in ("github", "gitlab"):
        lines = by_source[source]
        assert "validate -e dev --format sarif" in lines
        assert "test -e dev --junit test-results.xml" in lines
        assert "apply -e dev --auto-approve" in lines
        assert any(line.startswith("plan -e dev --format markdown") for line in lines)
        for source_env, target_env in (("dev", "staging"), ("staging", "prod")):
            promote = f"promote --from {source_env} --to {target_env}"
            assert f"{promote} --check --source-profile sfndeploy-source" in lines
            assert f"{promote} --auto-approve --source-profile sfndeploy-source" in lines


def test_a_wrong_command_line_is_refused_by_the_same_parser() -> None:
    with pytest.raises(click.UsageError):
        parse_command_line(["plan", "-e", "dev", "--format", "html"])
    with pytest.raises(click.UsageError):
        parse_command_line(["promote", "--from", "dev"])  # --to is required
    with pytest.raises(click.UsageError):
        parse_command_line(["rollout", "resume", "-e", "dev", "orders"])
    parsed = parse_command_line(["--project-dir", "x", "rollout", "continue", "-e", "dev", "orders", "--no-wait"])
    assert parsed.params["no_wait"] is True and parsed.params["workflow"] == "orders"


def test_github_actions_pipeline() -> None:
    workflow = load(GITHUB)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) == {"pull_request", "push"}
    jobs = workflow["jobs"]
    assert list(jobs) == ["validate", "plan", "apply", "promote-staging", "promote-prod"]
    for name, job in jobs.items():
        credentials = [
            s for s in job["steps"] if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@")
        ]
        if name == "validate":
            assert credentials == [] and job["permissions"]["security-events"] == "write"
            assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in job["steps"])
            continue
        assert job["permissions"]["id-token"] == "write", name
        (step,) = credentials
        assert step["with"]["role-to-assume"].startswith("${{ ") and step["with"]["aws-region"], name
    assert jobs["plan"]["if"] == "github.event_name == 'pull_request'"
    assert jobs["plan"]["permissions"]["pull-requests"] == "write"
    assert [row["env"] for row in jobs["plan"]["strategy"]["matrix"]["include"]] == ["dev", "staging", "prod"]
    (comment,) = [s for s in jobs["plan"]["steps"] if s.get("uses", "").startswith("actions/github-script@")]
    script = comment["with"]["script"]
    assert "split('\\n', 1)[0]" in script and "startsWith(marker)" in script
    assert "updateComment" in script and "createComment" in script
    assert jobs["apply"]["if"] == "github.event_name == 'push'" and jobs["apply"]["environment"] == "dev"
    assert (jobs["promote-staging"]["needs"], jobs["promote-staging"]["environment"]) == ("apply", "staging")
    assert (jobs["promote-prod"]["needs"], jobs["promote-prod"]["environment"]) == ("promote-staging", "prod")


def test_gitlab_pipeline() -> None:
    pipeline = load(GITLAB)
    assert pipeline["stages"] == ["validate", "plan", "apply", "promote"]
    jobs = {name: job for name, job in pipeline.items() if isinstance(job, dict) and "stage" in job}
    assert list(jobs) == ["validate", "plan", "apply", "promote-staging", "promote-prod"]
    oidc = pipeline[".aws-oidc"]
    assert oidc["id_tokens"]["SFNDEPLOY_ID_TOKEN"]["aud"] == "sts.amazonaws.com"
    for name in ("plan", "apply", "promote-staging", "promote-prod"):
        assert jobs[name]["extends"] == ".aws-oidc", name
    assert jobs["plan"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    roles = [row["SFNDEPLOY_ROLE"] for row in jobs["plan"]["parallel"]["matrix"]]
    assert roles == ["$AWS_PLAN_ROLE_DEV", "$AWS_PLAN_ROLE_STAGING", "$AWS_PLAN_ROLE_PROD"]
    compile(jobs["plan"]["variables"]["POST_PLAN_NOTE"], "POST_PLAN_NOTE", "exec")  # valid Python
    assert "startswith(marker)" in jobs["plan"]["variables"]["POST_PLAN_NOTE"]
    assert jobs["apply"]["environment"]["name"] == "dev"
    for name, target, before in (("promote-staging", "staging", "apply"), ("promote-prod", "prod", "promote-staging")):
        job = jobs[name]
        assert job["environment"]["name"] == target and job["needs"] == [before]
        assert job["rules"][0]["when"] == "manual"


def test_pre_commit_hooks() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))}
    assert sorted(hooks) == ["sfndeploy-test", "sfndeploy-validate"]
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        pattern = re.compile(hook["files"])
        for changed in (
            "templates/order-processing.yaml.j2",
            "templates/lib/blocks.yaml.j2",
            "templates/order-processing.tests.yaml",
            "environments/prod.yaml",
            "sfndeploy.yaml",
        ):
            assert pattern.search(changed), (hook["id"], changed)
        for unrelated in ("README.md", "src/app.py", "docs/templates/x.md"):
            assert not pattern.search(unrelated), (hook["id"], unrelated)


def test_the_guide_points_at_the_files() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for path in (GITHUB, GITLAB, PRE_COMMIT):
        assert str(path.relative_to(ROOT)) in guide
