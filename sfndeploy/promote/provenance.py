"""Provenance of a published version: read back from its description and the resource's tags.

``apply`` writes ``sfndeploy rev=<commit> env=<environment> def=<hash> src=<hash>`` (hash prefixes)
into each version's description; promotion adds ``from=<environment>``. The state machine's tags
carry the full definition and sources hashes of the current revision; the source revision is not
tagged, since it changes with every commit and would make every apply re-tag every workflow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sfndeploy.plan.desired import TAG_DEFINITION_HASH, TAG_ENVIRONMENT, TAG_SOURCES_HASH

DESCRIPTION_PREFIX = "sfndeploy "

_FIELD = re.compile(r"(\w+)=(\S+)")


@dataclass(frozen=True)
class Provenance:
    """Where a deployed version came from; empty strings where nothing was recorded."""

    revision: str = ""
    environment: str = ""
    definition_hash: str = ""
    sources_hash: str = ""
    promoted_from: str = ""

    @property
    def known(self) -> bool:
        return bool(self.sources_hash)

    def matches_sources(self, sources_hash: str) -> bool:
        """True when ``sources_hash`` (full or prefix) is the one recorded here."""
        if not self.sources_hash or not sources_hash:
            return False
        length = min(len(self.sources_hash), len(sources_hash))
        return self.sources_hash[:length] == sources_hash[:length]

    def short(self) -> str:
        parts = [
            f"rev {self.revision or '?'}",
            f"env {self.environment or '?'}",
            f"src {self.sources_hash[:12] or '?'}",
            f"def {self.definition_hash[:12] or '?'}",
        ]
        if self.promoted_from:
            parts.append(f"from {self.promoted_from}")
        return ", ".join(parts)


def parse_description(text: str | None) -> Provenance:
    """The provenance written by sfndeploy into a version description; empty for anything else."""
    if not text or not text.startswith(DESCRIPTION_PREFIX):
        return Provenance()
    fields = dict(_FIELD.findall(text))
    revision = fields.get("rev", "")
    return Provenance(
        revision="" if revision == "unknown" else revision,
        environment=fields.get("env", ""),
        definition_hash=fields.get("def", ""),
        sources_hash=fields.get("src", ""),
        promoted_from=fields.get("from", ""),
    )


def from_tags(tags: dict[str, str]) -> Provenance:
    """Provenance recorded in a state machine's tags (the current revision, not a version)."""
    return Provenance(
        environment=tags.get(TAG_ENVIRONMENT, ""),
        definition_hash=tags.get(TAG_DEFINITION_HASH, ""),
        sources_hash=tags.get(TAG_SOURCES_HASH, ""),
    )


def with_promotion(description: str, source_env: str) -> str:
    """A version description that also says which environment the sources were promoted from."""
    return f"{description} from={source_env}"[:256]
