"""Amazon Athena: queries, scoped to the workgroup, the result location and the catalog they name.

A query runs with the role's credentials: Athena checks the workgroup, writes results under the
output location, reads the Glue Data Catalog and (outside Lake Formation) the tables' data in S3.
The Step Functions guide's template grants read/write on every bucket and the whole catalog,
deletes included; here each part is scoped to what the definition names, and what it cannot name
(a workgroup's own output location, the tables' data) is a warning at the parameter's line.
"""

from __future__ import annotations

import re

from sfndeploy.iam import arns
from sfndeploy.iam.calls import Findings, TaskCall
from sfndeploy.iam.policy import statement_allows
from sfndeploy.iam.services.common import one, resolve

# Results are written under the output location (multipart for large ones) and read back by
# GetQueryResults; bucket-level calls locate and list the bucket.
RESULT_BUCKET_ACTIONS = ("s3:GetBucketLocation", "s3:ListBucket")
RESULT_OBJECT_ACTIONS = ("s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject")
# What a query reads from the Glue Data Catalog; a query never needs to create or delete there.
CATALOG_READ_ACTIONS = (
    "glue:BatchGetPartition",
    "glue:GetDatabase",
    "glue:GetDatabases",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:GetTable",
    "glue:GetTables",
)
# Athena reads and writes the results with the role's credentials: these S3 grants hold only for
# requests Athena makes, never for the role calling S3 itself.
VIA_ATHENA = {"ForAnyValue:StringEquals": {"aws:CalledVia": "athena.amazonaws.com"}}
DEFAULT_WORKGROUP = "primary"
DEFAULT_CATALOG = "AwsDataCatalog"
_S3_URI = re.compile(r"^s3://(?P<bucket>[^/]+)/?(?P<prefix>.*)$")
# Statements that change the catalog or write table data: their Glue and S3 needs are not a query's.
_WRITING_STATEMENTS = re.compile(
    r"^\s*(CREATE|DROP|ALTER|MSCK|INSERT|UPDATE|DELETE|MERGE|UNLOAD|VACUUM|OPTIMIZE)\b", re.IGNORECASE
)


def start_query_execution(call: TaskCall, out: Findings) -> None:
    _workgroup_actions(call, out)
    _result_location(call, out)
    _catalog_reads(call, out)
    _table_data(call, out)


def _workgroup_actions(call: TaskCall, out: Findings) -> None:
    workgroup = resolve(call, out, ("WorkGroup",), one(arns.athena_workgroup_arn, call), default=DEFAULT_WORKGROUP)
    actions = ["athena:StartQueryExecution"]
    if call.waits_for_job:  # Step Functions polls the query and stops it when the task is stopped
        actions += ["athena:GetQueryExecution", "athena:StopQueryExecution"]
    out.allow(actions, workgroup)
    catalog = resolve(
        call,
        out,
        ("QueryExecutionContext", "Catalog"),
        lambda name: [call.arn("athena", f"datacatalog/{name}")],
        default=DEFAULT_CATALOG,
    )
    out.allow(["athena:GetDataCatalog"], catalog)


def _result_location(call: TaskCall, out: Findings) -> None:
    path = ("ResultConfiguration", "OutputLocation")
    location = call.param(*path)
    match = _S3_URI.match(location.text) if location.present else None
    partition = call.context.partition
    if match is None:
        bucket, objects = f"arn:{partition}:s3:::*", f"arn:{partition}:s3:::*/*"
        if location.dynamic:
            out.warn_dynamic(call, ".".join(path), location, [bucket, objects], at=path)
        else:
            reason = (
                f"is {location.text!r}, not an s3:// location"
                if location.present
                else "is not given: results go to the workgroup's own output location"
            )
            out.warn(call, f"{'.'.join(path)} {reason}; results may be written to any bucket ({objects})", at=path)
    else:
        prefix = match.group("prefix").rstrip("/")
        bucket = arns.s3_bucket_arn(call, match.group("bucket"))
        objects = arns.s3_object_arn(call, match.group("bucket"), f"{prefix}/*" if prefix else "*")
        if location.dynamic:
            out.warn_dynamic(call, ".".join(path), location, [bucket, objects], at=path)
    out.allow(RESULT_BUCKET_ACTIONS, [bucket], VIA_ATHENA)
    out.allow(RESULT_OBJECT_ACTIONS, [objects], VIA_ATHENA)


def _catalog_reads(call: TaskCall, out: Findings) -> None:
    path = ("QueryExecutionContext", "Database")
    database = call.param(*path)
    catalog = call.arn("glue", "catalog")
    # Athena looks up the "default" database for every query it plans.
    default = call.arn("glue", "database/default")
    name = database.text if database.present else "*"
    resources = [catalog, default, call.arn("glue", f"database/{name}"), call.arn("glue", f"table/{name}/*")]
    if database.static is None:
        what = "is dynamic" if database.present else "is not given"
        out.warn(
            call,
            f"{'.'.join(path)} {what}; catalog reads ({', '.join(CATALOG_READ_ACTIONS)}) scoped to "
            f"{resources[2]} and {resources[3]}",
            at=path if database.present else ("QueryExecutionContext",),
        )
    out.allow(CATALOG_READ_ACTIONS, resources)
    query = call.param("QueryString")
    if query.present and _WRITING_STATEMENTS.match(query.text):
        out.warn(
            call,
            "the query changes the catalog or writes table data: add the Glue and S3 actions it needs "
            "to role.statements (only catalog reads are derived)",
            at=("QueryString",),
        )


def _table_data(call: TaskCall, out: Findings) -> None:
    # Lake Formation vends the data credentials for the tables it governs; the action has no resource.
    out.allow(["lakeformation:GetDataAccess"], ["*"])
    out.warn(call, "lakeformation:GetDataAccess supports no resource-level permissions: it is granted on '*'")
    if any(statement_allows(extra, "s3:GetObject") for extra in call.context.extra_statements):
        return  # the spec grants the tables' data itself
    out.warn(
        call,
        "the query reads its tables' data in S3 as this role: add s3:GetObject and s3:ListBucket on the "
        "tables' locations to role.statements (the definition does not name them)",
        at=("QueryString",),
    )


def query_action(call: TaskCall, out: Findings) -> None:
    """stopQueryExecution, getQueryExecution, getQueryResults: keyed by an execution id, not a workgroup."""
    action = f"athena:{call.api[0].upper()}{call.api[1:]}"
    workgroups = [call.arn("athena", "workgroup/*")]
    out.allow([action], workgroups)
    message = f"QueryExecutionId does not name its workgroup; {action} scoped to {workgroups[0]}"
    if call.api == "getQueryResults":
        # Athena reads the result file as the caller, from wherever the query wrote it.
        objects = f"arn:{call.context.partition}:s3:::*/*"
        out.allow(["s3:GetObject"], [objects], VIA_ATHENA)
        message += f", and s3:GetObject of the result to {objects}"
    out.warn(call, message, at=("QueryExecutionId",))
