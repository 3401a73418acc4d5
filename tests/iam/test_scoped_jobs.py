"""Batch, Glue and Athena: every statement scoped to what the definition names, per integration pattern."""

from __future__ import annotations

from typing import Any

from sfndeploy.iam import derive_iam

from .helpers import allowed, arn, context, derive_task, grants, machine, task

RULE_ACTIONS = ("events:PutTargets", "events:PutRule", "events:DescribeRule")


def rule(name: str) -> set[tuple[str, str]]:
    return {(action, arn("events", f"rule/{name}")) for action in RULE_ACTIONS}


def pairs(actions: tuple[str, ...] | list[str], resources: list[str]) -> set[tuple[str, str]]:
    return {(action, resource) for action in actions for resource in resources}


# --- AWS Batch ---------------------------------------------------------------------------------

QUEUE = arn("batch", "job-queue/reports")


def test_batch_request_response_is_scoped_to_queue_and_every_revision_of_the_definition() -> None:
    derived = derive_task(
        "arn:aws:states:::batch:submitJob", params={"JobName": "j", "JobQueue": "reports", "JobDefinition": "render"}
    )
    assert allowed(derived) == {
        ("batch:SubmitJob", QUEUE),
        ("batch:SubmitJob", arn("batch", "job-definition/render:*")),
    }
    assert derived.warnings == ()


def test_batch_sync_adds_terminate_on_jobs_describe_on_star_and_the_events_rule() -> None:
    definition = arn("batch", "job-definition/render:3")
    derived = derive_task(
        "arn:aws:states:::batch:submitJob.sync",
        params={"JobName": "j", "JobQueue": QUEUE, "JobDefinition": definition},
    )
    assert allowed(derived) == {
        ("batch:SubmitJob", QUEUE),
        ("batch:SubmitJob", definition),
        ("batch:TerminateJob", arn("batch", "job/*")),
        ("batch:DescribeJobs", "*"),
    } | rule("StepFunctionsGetEventsForBatchJobsRule")
    assert [w.message for w in derived.warnings] == [
        "batch:DescribeJobs supports no resource-level permissions: it is granted on '*'"
    ]


def test_batch_definition_arn_without_revision_covers_its_revisions() -> None:
    derived = derive_task(
        "arn:aws:states:::batch:submitJob",
        params={"JobName": "j", "JobQueue": "q", "JobDefinition": arn("batch", "job-definition/render")},
    )
    assert ("batch:SubmitJob", arn("batch", "job-definition/render:*")) in allowed(derived)


def test_batch_dynamic_queue_is_a_scoped_wildcard_with_a_warning() -> None:
    derived = derive_task(
        "arn:aws:states:::batch:submitJob",
        params={"JobName": "j", "JobQueue.$": "States.Format('reports-{}', $.env)", "JobDefinition": "render:2"},
    )
    assert allowed(derived) == {
        ("batch:SubmitJob", arn("batch", "job-queue/reports-*")),
        ("batch:SubmitJob", arn("batch", "job-definition/render:2")),
    }
    assert [w.message for w in derived.warnings] == [
        f"JobQueue is dynamic (matching 'reports-*'); permission scoped to {arn('batch', 'job-queue/reports-*')}"
    ]


# --- AWS Glue ----------------------------------------------------------------------------------


def test_glue_request_response_is_scoped_to_the_job() -> None:
    derived = derive_task("arn:aws:states:::glue:startJobRun", params={"JobName": "etl"})
    assert allowed(derived) == {("glue:StartJobRun", arn("glue", "job/etl"))}
    assert derived.warnings == ()


def test_glue_sync_polls_and_stops_runs_of_the_same_job() -> None:
    derived = derive_task("arn:aws:states:::glue:startJobRun.sync", params={"JobName": "etl"})
    job = arn("glue", "job/etl")
    assert allowed(derived) == pairs(
        ("glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"), [job]
    )


def test_glue_dynamic_job_name_warns() -> None:
    derived = derive_task("arn:aws:states:::glue:startJobRun", params={"JobName.$": "$.job"})
    assert allowed(derived) == {("glue:StartJobRun", arn("glue", "job/*"))}
    assert len(derived.warnings) == 1 and "JobName is dynamic" in derived.warnings[0].message


# --- Amazon Athena -----------------------------------------------------------------------------

CATALOG_READS = (
    "glue:BatchGetPartition",
    "glue:GetDatabase",
    "glue:GetDatabases",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:GetTable",
    "glue:GetTables",
)
RESULT_OBJECT_ACTIONS = ("s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject")
QUERY = {
    "QueryString": "SELECT region, sum(amount) FROM sales GROUP BY region",
    "WorkGroup": "analytics",
    "QueryExecutionContext": {"Database": "sales_db"},
    "ResultConfiguration": {"OutputLocation": "s3://athena-results/daily/"},
}


def athena_grants(*, sync: bool, database: str = "sales_db", bucket: str = "athena-results") -> set[tuple[str, str]]:
    workgroup_actions = ["athena:StartQueryExecution"]
    if sync:
        workgroup_actions += ["athena:GetQueryExecution", "athena:StopQueryExecution"]
    catalog = [
        arn("glue", "catalog"),
        arn("glue", "database/default"),
        arn("glue", f"database/{database}"),
        arn("glue", f"table/{database}/*"),
    ]
    return (
        pairs(workgroup_actions, [arn("athena", "workgroup/analytics")])
        | {("athena:GetDataCatalog", arn("athena", "datacatalog/AwsDataCatalog"))}
        | pairs(("s3:GetBucketLocation", "s3:ListBucket"), [f"arn:aws:s3:::{bucket}"])
        | pairs(RESULT_OBJECT_ACTIONS, [f"arn:aws:s3:::{bucket}/daily/*"])
        | pairs(CATALOG_READS, catalog)
        | {("lakeformation:GetDataAccess", "*")}
    )


def test_athena_sync_query_is_scoped_to_workgroup_output_prefix_and_database() -> None:
    derived = derive_task("arn:aws:states:::athena:startQueryExecution.sync", params=QUERY)
    assert allowed(derived) == athena_grants(sync=True)


def test_athena_request_response_does_not_poll_or_stop() -> None:
    derived = derive_task("arn:aws:states:::athena:startQueryExecution", params=QUERY)
    assert allowed(derived) == athena_grants(sync=False)


def test_athena_never_creates_buckets_or_changes_the_catalog() -> None:
    derived = derive_task("arn:aws:states:::athena:startQueryExecution.sync", params=QUERY)
    actions = {action for action, _ in allowed(derived)}
    assert "s3:CreateBucket" not in actions
    assert not {a for a in actions if a.startswith("glue:") and not a.split(":")[1].startswith(("Get", "BatchGet"))}
    assert not any(resource == "arn:aws:s3:::*" for _, resource in allowed(derived))


def test_athena_warns_about_lake_formation_and_table_data_at_the_query_line() -> None:
    derived = derive_task("arn:aws:states:::athena:startQueryExecution.sync", params=QUERY)
    assert [(w.pointer, w.message) for w in derived.warnings] == [
        (
            "/States/Call/Resource",
            "lakeformation:GetDataAccess supports no resource-level permissions: it is granted on '*'",
        ),
        (
            "/States/Call/Parameters/QueryString",
            "the query reads its tables' data in S3 as this role: add s3:GetObject and s3:ListBucket on the "
            "tables' locations to role.statements (the definition does not name them)",
        ),
    ]


def test_athena_table_data_warning_goes_once_the_spec_grants_the_data() -> None:
    own = {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::sales/*"}
    derived = derive_task(
        "arn:aws:states:::athena:startQueryExecution.sync", params=QUERY, ctx=context(extra_statements=(own,))
    )
    assert not any("tables' data" in w.message for w in derived.warnings)


def test_athena_without_database_or_output_location_warns_for_each_wildcard() -> None:
    derived = derive_task(
        "arn:aws:states:::athena:startQueryExecution", params={"QueryString": "SELECT 1", "WorkGroup": "analytics"}
    )
    granted = allowed(derived)
    assert ("glue:GetTable", arn("glue", "table/*/*")) in granted
    assert ("s3:PutObject", "arn:aws:s3:::*/*") in granted
    assert ("athena:StartQueryExecution", arn("athena", "workgroup/analytics")) in granted
    messages = [w.message for w in derived.warnings]
    assert any(m.startswith("ResultConfiguration.OutputLocation is not given") for m in messages)
    assert any(m.startswith("QueryExecutionContext.Database is not given") for m in messages)


def test_athena_output_location_without_prefix_and_named_catalog() -> None:
    params: dict[str, Any] = {
        "QueryString": "SELECT 1",
        "QueryExecutionContext": {"Database": "db", "Catalog": "lakehouse"},
        "ResultConfiguration": {"OutputLocation": "s3://bare-bucket"},
    }
    granted = allowed(derive_task("arn:aws:states:::athena:startQueryExecution", params=params))
    assert ("athena:StartQueryExecution", arn("athena", "workgroup/primary")) in granted
    assert ("athena:GetDataCatalog", arn("athena", "datacatalog/lakehouse")) in granted
    assert ("s3:PutObject", "arn:aws:s3:::bare-bucket/*") in granted
    assert ("s3:ListBucket", "arn:aws:s3:::bare-bucket") in granted


def test_athena_dynamic_output_location_keeps_its_literal_parts() -> None:
    params = {
        **QUERY,
        "ResultConfiguration": {"OutputLocation.$": "States.Format('s3://athena-results/{}/', $.day)"},
    }
    derived = derive_task("arn:aws:states:::athena:startQueryExecution", params=params)
    assert ("s3:PutObject", "arn:aws:s3:::athena-results/*/*") in allowed(derived)
    dynamic = [w for w in derived.warnings if "OutputLocation is dynamic" in w.message]
    assert [w.pointer for w in dynamic] == ["/States/Call/Parameters/ResultConfiguration/OutputLocation.$"]


def test_athena_ddl_query_warns_that_catalog_writes_are_not_derived() -> None:
    params = {**QUERY, "QueryString": "MSCK REPAIR TABLE sales"}
    derived = derive_task("arn:aws:states:::athena:startQueryExecution", params=params)
    assert any("changes the catalog or writes table data" in w.message for w in derived.warnings)
    assert not any(a in {"glue:CreatePartition", "glue:BatchCreatePartition"} for a, _ in allowed(derived))


def test_athena_query_actions_and_results_warn_about_unknown_workgroup() -> None:
    results = derive_task("arn:aws:states:::athena:getQueryResults", params={"QueryExecutionId.$": "$.id"})
    assert allowed(results) == {
        ("athena:GetQueryResults", arn("athena", "workgroup/*")),
        ("s3:GetObject", "arn:aws:s3:::*/*"),
    }
    assert [w.pointer for w in results.warnings] == ["/States/Call/Parameters/QueryExecutionId.$"]
    stop = derive_task("arn:aws:states:::athena:stopQueryExecution", params={"QueryExecutionId.$": "$.id"})
    assert allowed(stop) == {("athena:StopQueryExecution", arn("athena", "workgroup/*"))}


def test_athena_jsonata_arguments_point_warnings_at_arguments() -> None:
    state = task(
        "arn:aws:states:::athena:startQueryExecution",
        arguments={"QueryString": "{% $states.input.q %}", "WorkGroup": "analytics"},
        QueryLanguage="JSONata",
    )
    derived = derive_iam(machine(Call=state), context())
    assert "/States/Call/Arguments/QueryString" in {w.pointer for w in derived.warnings}


def test_athena_result_grants_hold_only_for_requests_athena_makes() -> None:
    derived = derive_task("arn:aws:states:::athena:startQueryExecution.sync", params=QUERY)
    via_athena = repr({"ForAnyValue:StringEquals": {"aws:CalledVia": "athena.amazonaws.com"}})
    s3 = {(action, resource, condition) for action, resource, condition in grants(derived) if action.startswith("s3:")}
    assert s3 == {
        (action, resource, via_athena)
        for action, resource in pairs(("s3:GetBucketLocation", "s3:ListBucket"), ["arn:aws:s3:::athena-results"])
        | pairs(RESULT_OBJECT_ACTIONS, ["arn:aws:s3:::athena-results/daily/*"])
    }
