"""Property: whatever bytes a user gives sfndeploy, a command ends with a status and no traceback, in time.

Each test puts mutated or generated content into one kind of file (project file, environment file,
workflow spec, definition, input, mock configuration, test case file, saved plan) or argument of a
small project and runs a command that reads it through click's CliRunner. It fails on any uncaught
exception (``result.exception`` other than ``SystemExit``), on an exit status other than the
documented 0/1/2, on a failure without a word, and on a hang: hypothesis's deadline per example plus
a hard alarm. Examples are derandomized so every run tries the same inputs; the whole module takes
about ten seconds of CPU.
"""

from __future__ import annotations

import codecs
import json
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sfndeploy.config.project import PROJECT_FILE
from tests.fuzz.project import (
    DEFINITION,
    ENV,
    INPUT,
    MOCKS,
    PLAIN_SPEC,
    PLAN,
    SPEC,
    TESTS,
    Project,
    copy_project,
    invoke,
    seed_bytes,
    with_checksum,
)

# The jsonata package raises the interpreter's recursion limit when it is imported; hypothesis warns about it.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")
HARD_LIMIT_SECONDS = 20
FUZZ = settings(
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=10),
    suppress_health_check=list(HealthCheck),
)

KEYS = [
    "StartAt",
    "States",
    "Type",
    "Next",
    "End",
    "Parameters",
    "Result",
    "Branches",
    "ItemProcessor",
    "Choices",
    "Variable",
    "Resource",
    "Retry",
    "name",
    "region",
    "account_id",
    "vars",
    "naming",
    "tags",
    "defaults",
    "definition",
    "definition_file",
    "role",
    "cases",
    "input",
    "mocks",
    "expect",
    "StateMachines",
    "MockedResponses",
    "TestCases",
    "Return",
    "Throw",
    "plan",
    "desired",
    "format",
    "checksum",
    "<<",
]
NUMBER_TEXTS = ["NaN", "Infinity", "-Infinity", "1e400", "1e5", "-0", "9" * 5000, ".nan", ".inf", "0x1F", "1_000"]
BAD_BYTES = [
    b"\x00",
    b"\xff",
    b"\xfe\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\t",
    b"\r",
    b"\x1b",
    b"\\ud83e",
]
LAUGHS = b"lol0: &lol0 [a, a, a, a, a, a, a, a, a, a]\n" + b"".join(
    f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]\n".encode() for i in range(1, 10)
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10),
    st.sampled_from(KEYS),
)
structures = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=24,
)


def _dump(value: Any, as_yaml: bool) -> bytes:
    if as_yaml:
        return yaml.safe_dump(value, allow_unicode=True).encode("utf-8", "surrogatepass")
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


@st.composite
def wrong_types(draw: st.DrawFn, seed: bytes, as_yaml: bool) -> bytes:
    """The seed document with one value (anywhere) replaced by a random structure."""
    document = yaml.safe_load(seed) if as_yaml else json.loads(seed)
    paths = list(_paths(document))
    path = paths[draw(st.integers(min_value=0, max_value=len(paths) - 1))]
    return _dump(_replaced(document, path, draw(structures)), as_yaml)


@st.composite
def byte_edits(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed with bytes inserted, replaced or cut somewhere."""
    position = draw(st.integers(min_value=0, max_value=len(seed)))
    piece = draw(st.sampled_from(BAD_BYTES) | st.binary(min_size=1, max_size=6))
    how = draw(st.sampled_from(["insert", "replace", "truncate"]))
    if how == "insert":
        return seed[:position] + piece + seed[position:]
    if how == "replace":
        return seed[:position] + piece + seed[position + len(piece) :]
    return seed[:position]


@st.composite
def numbers(draw: st.DrawFn, seed: bytes) -> bytes:
    """A number literal JSON or AWS refuses (or YAML reads in its own way) put where a value was."""
    text = seed.decode("utf-8")
    literal = draw(st.sampled_from(NUMBER_TEXTS))
    spots = [i + 1 for i, character in enumerate(text) if character in ":["] or [0]
    spot = draw(st.sampled_from(spots))
    rest = text[spot:]
    end = min((rest.find(c) for c in ",\n]}" if rest.find(c) != -1), default=len(rest))
    return (text[:spot] + " " + literal + rest[end:]).encode()


def nested(seed: bytes, as_yaml: bool) -> st.SearchStrategy[bytes]:
    depths = st.sampled_from([127, 128, 129, 1000, 100_000])
    if as_yaml:
        return depths.map(lambda n: seed + b"\nextra_deep: " + b"[" * n + b"]" * n + b"\n")
    return depths.map(lambda n: b"[" * n + seed + b"]" * n)


def contents(seed: bytes, as_yaml: bool, plain_seed: bytes | None = None) -> st.SearchStrategy[bytes]:
    """Variations of ``seed``; ``plain_seed`` is a parseable stand-in for a seed that is a template."""
    choices = [
        st.just(codecs.BOM_UTF8 + seed),
        byte_edits(seed),
        st.binary(max_size=80),
        nested(seed, as_yaml),
        numbers(seed),
        wrong_types(plain_seed or seed, as_yaml),
        st.builds(_dump, structures, st.booleans()),
    ]
    if as_yaml:
        choices.append(st.just(seed + b"\n" + LAUGHS))
        choices.append(st.just(LAUGHS + b"cycle: &c [1, *c]\n"))
    return st.one_of(*choices)


class Hang(Exception):
    pass


@contextmanager
def hard_limit(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_command(
    template: Path, relative: str | None, content: bytes, arguments: Callable[[Project], list[str]]
) -> None:
    with tempfile.TemporaryDirectory(dir=template.parent) as scratch:
        project = copy_project(template, Path(scratch) / "project")
        if relative is not None:
            project.write(relative, content)
        command = arguments(project)
        started = time.monotonic()
        with hard_limit(HARD_LIMIT_SECONDS):
            result = invoke(project, *command)
        elapsed = time.monotonic() - started
    context = f"{command} on {content[:120]!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), f"{context}: {result.exception!r}"
    assert elapsed < HARD_LIMIT_SECONDS, context
    assert result.exit_code in (0, 1, 2), f"{context}: exit status {result.exit_code}"  # the documented statuses
    if result.exit_code != 0:
        assert (result.stderr + result.stdout).strip(), f"{context}: failed without a word"


def _out(project: Project) -> str:
    return str(project.root.parent / "out")


PROJECT_COMMANDS: list[Callable[[Project], list[str]]] = [
    lambda p: ["render", "-e", "dev", "-o", _out(p)],
    lambda p: ["validate", "-e", "dev"],
    lambda p: ["test", "-e", "dev"],
    lambda p: ["diff-env", "dev", "prod"],
    lambda p: ["graph", "-e", "dev", "hello-world", "-o", _out(p) + ".mmd"],
    lambda p: ["run", "-e", "dev", "hello-world", "--echo-tasks", "--input", '{"name": "Ada"}'],
]
DEFINITION_COMMANDS: list[Callable[[Project], list[str]]] = [
    lambda p: ["validate", "--definition", p.path(DEFINITION)],
    lambda p: ["run", "--definition", p.path(DEFINITION), "--echo-tasks", "--json"],
    lambda p: ["graph", "--definition", p.path(DEFINITION), "-o", _out(p) + ".mmd"],
]


@pytest.mark.parametrize(("relative", "plain_seed"), [(ENV, None), (SPEC, PLAIN_SPEC.encode()), (PROJECT_FILE, None)])
def test_project_files(template: Path, relative: str, plain_seed: bytes | None) -> None:
    seed = seed_bytes(template, relative)

    @FUZZ
    @given(content=contents(seed, True, plain_seed), command=st.sampled_from(PROJECT_COMMANDS))
    def check(content: bytes, command: Callable[[Project], list[str]]) -> None:
        check_command(template, relative, content, command)

    check()


def test_definition_files(template: Path) -> None:
    @FUZZ
    @given(content=contents(seed_bytes(template, DEFINITION), False), command=st.sampled_from(DEFINITION_COMMANDS))
    def check(content: bytes, command: Callable[[Project], list[str]]) -> None:
        check_command(template, DEFINITION, content, command)

    check()


def test_inputs_in_files_and_on_the_command_line(template: Path) -> None:
    @FUZZ
    @given(content=contents(seed_bytes(template, INPUT), False), inline=st.booleans())
    def check(content: bytes, inline: bool) -> None:
        def command(p: Project) -> list[str]:
            given_input = content.decode("utf-8", "surrogateescape") if inline else "@" + p.path(INPUT)
            return ["run", "--definition", p.path(DEFINITION), "--echo-tasks", "--input", given_input]

        check_command(template, INPUT, content, command)

    check()


def test_mock_configs(template: Path) -> None:
    @FUZZ
    @given(content=contents(seed_bytes(template, MOCKS), False))
    def check(content: bytes) -> None:
        check_command(
            template,
            MOCKS,
            content,
            lambda p: ["run", "--definition", p.path(DEFINITION), "--mock-config", p.path(MOCKS), "--test-case", "T"],
        )

    check()


def test_test_case_files(template: Path) -> None:
    @FUZZ
    @given(content=contents(seed_bytes(template, TESTS), True))
    def check(content: bytes) -> None:
        check_command(template, TESTS, content, lambda p: ["test", "-e", "dev"])

    check()


def test_saved_plan_files(template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutated plan files, their checksum recomputed when they still parse (as an attacker would).

    The seed plan was made for prod and is applied to dev, so even a file that passes every check of
    its content stops at the target check, before any AWS call; as a second guard, the only AWS
    endpoint is one nobody listens on, tried once.
    """
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")

    @FUZZ
    @given(content=contents(seed_bytes(template, PLAN), False).map(with_checksum))
    def check(content: bytes) -> None:
        check_command(template, PLAN, content, lambda p: ["apply", "-e", "dev", "--auto-approve", p.path(PLAN)])

    check()


def test_environment_arguments(template: Path) -> None:
    names = st.text(max_size=24) | st.sampled_from(["/", "..", "../dev", "dev.yaml", "/dev/null", "~/x.yaml", "a\x00b"])

    @FUZZ
    @given(name=names)
    def check(name: str) -> None:
        check_command(template, None, b"", lambda p: ["validate", "-e", name])

    check()
