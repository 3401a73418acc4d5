"""A pipeline's OIDC credentials: boto3 exchanges the token in AWS_WEB_IDENTITY_TOKEN_FILE for
AWS_ROLE_ARN's credentials (AssumeRoleWithWebIdentity), and sfndeploy assumes each environment's
role with those, as GitHub Actions and GitLab CI run it.

ministack does not verify the token (neither its signature nor its expiry), so a refused or expired
token is not tested here: tests/aws/test_aws_credentials.py gives botocore AWS's
ExpiredTokenException and InvalidIdentityToken answers and checks the one-line messages.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from tests.e2e.conftest import CI_ACCOUNT, DEV_ACCOUNT, PROD_ACCOUNT, E2EProject, account_api


def _token(path: Path) -> Path:
    """An OIDC-shaped token (header.claims.signature), as a CI runner writes it to a file."""

    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    claims = {"iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com", "sub": "repo:e2e"}
    path.write_text(f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl", encoding="utf-8")
    return path


def test_a_pipeline_with_only_a_web_identity_token_promotes_across_accounts(
    project: E2EProject, tmp_path: Path
) -> None:
    oidc = {
        "AWS_WEB_IDENTITY_TOKEN_FILE": str(_token(tmp_path / "token")),
        "AWS_ROLE_ARN": f"arn:aws:iam::{CI_ACCOUNT}:role/pipeline-oidc",
        "AWS_ROLE_SESSION_NAME": "e2e-pipeline",
    }
    static_keys = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")

    project.ok("apply", "-e", "dev", "--auto-approve", env=oidc, unset=static_keys)
    project.ok("promote", "--from", "dev", "--to", "prod", "--auto-approve", env=oidc, unset=static_keys)

    arn = project.arn("orders", "prod", PROD_ACCOUNT)
    found = account_api(PROD_ACCOUNT).call("stepfunctions", "DescribeStateMachine", stateMachineArn=arn)
    assert json.loads(found["definition"])["Comment"] == "orders (prod) revision 1"
    assert [version["number"] for version in project.versions("dev")["versions"]] == [1]


def test_without_a_role_the_web_identity_role_must_be_the_environments_account(
    project: E2EProject, tmp_path: Path
) -> None:
    oidc = {
        "AWS_WEB_IDENTITY_TOKEN_FILE": str(_token(tmp_path / "token")),
        "AWS_ROLE_ARN": f"arn:aws:iam::{CI_ACCOUNT}:role/pipeline-oidc",
    }
    text = (project.root / "environments" / "dev.yaml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines(keepends=True) if not line.startswith(("assume_role:", "  arn:"))]
    project.write("environments/dev.yaml", "".join(kept))
    project.commit("dev without a role to assume")

    done = project.sfn("plan", "-e", "dev", env=oidc, unset=("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"))

    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(
        f"error: environment dev is account {DEV_ACCOUNT}, but the ambient credentials reached account {CI_ACCOUNT}"
    )
