"""Versions through Step Functions' own version APIs, which moto does not serve.

Every apply publishes a version whose description carries its provenance; ``versions`` lists them
with ListStateMachineVersions and ``--prune`` deletes with DeleteStateMachineVersion, never a
version an alias routes to. (ministack also publishes a new version when the revision did not
change, where AWS returns the latest one; no test here publishes an unchanged revision.)
"""

from __future__ import annotations

from sfndeploy.promote.versions import describe_version
from tests.e2e.conftest import DEV_ACCOUNT, E2EProject, account_api, deploy_revisions, routing


def test_every_apply_publishes_a_version_listed_newest_first_with_its_commit(project: E2EProject) -> None:
    commits = deploy_revisions(project, "dev", 3)

    listed = project.versions("dev")

    assert [version["number"] for version in listed["versions"]] == [3, 2, 1]
    assert [version["provenance"]["revision"] for version in listed["versions"]] == commits[::-1]
    assert {version["provenance"]["environment"] for version in listed["versions"]} == {"dev"}
    assert routing(listed) == [[3, 100]]
    table = project.ok("versions", "-e", "dev", "orders").stdout.splitlines()
    assert table[0] == "orders: 3 version(s)"
    assert table[2].split()[0] == "3"
    assert "live 100%" in table[2]


def test_apply_prunes_to_keep_versions(project: E2EProject) -> None:
    project.environment("dev", DEV_ACCOUNT, deploy="strategy: all-at-once\nkeep_versions: 2\n")

    deploy_revisions(project, "dev", 4)

    assert [version["number"] for version in project.versions("dev")["versions"]] == [4, 3]


def test_prune_deletes_beyond_keep_and_spares_the_version_an_alias_serves(project: E2EProject) -> None:
    deploy_revisions(project, "dev", 4)
    project.ok("rollback", "-e", "dev", "orders", "--to-version", "2")

    pruned = project.ok("versions", "-e", "dev", "orders", "--prune", "--keep", "1")

    assert pruned.stdout.splitlines()[0] == "Pruned versions of orders: 1, 3 (kept 2: an alias routes to them)"
    listed = project.versions("dev")
    assert [version["number"] for version in listed["versions"]] == [4, 2]
    assert routing(listed) == [[2, 100]]
    arn = project.arn("orders", "dev", DEV_ACCOUNT)
    assert describe_version(account_api(DEV_ACCOUNT), arn, 3) is None
    assert describe_version(account_api(DEV_ACCOUNT), arn, 4) is not None
