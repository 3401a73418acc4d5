"""Discovery, dynamic targets, merging, determinism, unknown integrations, trust policy and features."""

from __future__ import annotations

import json

import pytest

from sfndeploy.errors import IamDerivationError, SourceLocation
from sfndeploy.iam import IamWarning, derive_iam

from .helpers import ACCOUNT, MACHINE, MACHINE_ARN, REGION, allowed, arn, context, derive_task, machine, task

LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"


def invoke(function: str) -> dict[str, object]:
    return task(LAMBDA_INVOKE, params={"FunctionName": function})


# --- dynamic targets -------------------------------------------------------------------------


def test_jsonpath_dynamic_function_is_scoped_to_account_functions_with_warning() -> None:
    derived = derive_task(LAMBDA_INVOKE, params={"FunctionName.$": "$.handler"})
    assert allowed(derived) == {("lambda:InvokeFunction", arn("lambda", "function:*"))}
    assert derived.warnings == (
        IamWarning(
            "Call",
            "/States/Call/Parameters/FunctionName.$",
            f"FunctionName is dynamic; permission scoped to {arn('lambda', 'function:*')}",
        ),
    )


def test_intrinsic_format_keeps_its_literal_parts() -> None:
    derived = derive_task(LAMBDA_INVOKE, params={"FunctionName.$": "States.Format('{}-{}-handler', 'orders', $.stage)"})
    fn = arn("lambda", "function:orders-*-handler")
    assert allowed(derived) == {("lambda:InvokeFunction", fn), ("lambda:InvokeFunction", f"{fn}:*")}
    assert len(derived.warnings) == 1


def test_jsonata_expression_is_dynamic() -> None:
    derived = derive_task(
        "arn:aws:states:::dynamodb:putItem",
        arguments={"TableName": "{% $states.input.table %}", "Item": {}},
        QueryLanguage="JSONata",
    )
    assert allowed(derived) == {("dynamodb:PutItem", arn("dynamodb", "table/*"))}
    assert derived.warnings[0].state == "Call"
    assert "TableName is dynamic" in derived.warnings[0].message


def test_jsonata_arguments_with_literal_target_need_no_warning() -> None:
    derived = derive_task(
        "arn:aws:states:::sqs:sendMessage",
        arguments={"QueueUrl": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/q", "MessageBody": "{% $states.input %}"},
    )
    assert allowed(derived) == {("sqs:SendMessage", arn("sqs", "q"))}
    assert derived.warnings == ()


def test_variable_reference_is_dynamic() -> None:
    derived = derive_task("arn:aws:states:::sns:publish", params={"TopicArn.$": "$topicArn", "Message": "x"})
    assert allowed(derived) == {("sns:Publish", arn("sns", "*"))}
    assert len(derived.warnings) == 1


def test_dynamic_event_entries_scope_to_account_buses() -> None:
    derived = derive_task("arn:aws:states:::events:putEvents", params={"Entries.$": "$.entries"})
    assert allowed(derived) == {("events:PutEvents", arn("events", "event-bus/*"))}
    assert "Entries is dynamic" in derived.warnings[0].message


def test_dynamic_nested_state_machine_sync_scopes_executions() -> None:
    derived = derive_task("arn:aws:states:::states:startExecution.sync:2", params={"StateMachineArn.$": "$.sm"})
    assert ("states:StartExecution", arn("states", "stateMachine:*")) in allowed(derived)
    assert ("states:DescribeExecution", arn("states", "execution:*:*")) in allowed(derived)


def test_dynamic_http_method_and_endpoint_warn_and_constrain_endpoint() -> None:
    derived = derive_task(
        "arn:aws:states:::http:invoke",
        params={
            "ApiEndpoint.$": "States.Format('https://api.example.com/{}', $.path)",
            "Method.$": "$.method",
            "Authentication": {"ConnectionArn": arn("events", "connection/x/1")},
        },
    )
    http = next(s for s in derived.policy["Statement"] if s["Action"] == "states:InvokeHTTPEndpoint")
    assert http["Condition"] == {"StringLike": {"states:HTTPEndpoint": "https://api.example.com/*"}}
    assert len(derived.warnings) == 2


# --- discovery -------------------------------------------------------------------------------


def test_states_in_parallel_branches_and_map_processors_are_found() -> None:
    definition = machine(
        Fan={
            "Type": "Parallel",
            "Branches": [
                machine(A=invoke("a")),
                machine(
                    Inner={
                        "Type": "Parallel",
                        "Branches": [machine(B=invoke("b"))],
                        "End": True,
                    }
                ),
            ],
            "Next": "Each",
        },
        Each={"Type": "Map", "ItemProcessor": machine(C=invoke("c")), "Next": "Legacy"},
        Legacy={"Type": "Map", "Iterator": machine(D=invoke("d")), "End": True},
    )
    derived = derive_iam(definition, context())
    functions = {resource for _, resource in allowed(derived) if not resource.endswith(":*")}
    assert functions == {arn("lambda", f"function:{name}") for name in "abcd"}


def test_warning_pointer_names_nested_state_and_the_dynamic_parameter() -> None:
    definition = machine(
        Fan={"Type": "Parallel", "Branches": [machine(Deep=task(LAMBDA_INVOKE, params={"FunctionName.$": "$.f"}))]}
    )
    derived = derive_iam(definition, context())
    assert derived.warnings[0].state == "Deep"
    assert derived.warnings[0].pointer == "/States/Fan/Branches/0/States/Deep/Parameters/FunctionName.$"


def test_pass_choice_wait_states_need_nothing() -> None:
    definition = machine(
        P={"Type": "Pass", "Next": "W"},
        W={"Type": "Wait", "Seconds": 1, "Next": "Done"},
        Done={"Type": "Succeed"},
    )
    statements = derive_iam(definition, context()).policy["Statement"]
    assert statements == [{"Sid": "DenyAll", "Effect": "Deny", "Action": "*", "Resource": "*"}]


# --- distributed map ------------------------------------------------------------------------------


def distributed_map(**fields: object) -> dict[str, object]:
    processor = machine(Work=invoke("work"))
    processor["ProcessorConfig"] = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
    return {"Type": "Map", "ItemProcessor": processor, "End": True, **fields}


def test_distributed_map_starts_and_manages_child_executions() -> None:
    derived = derive_iam(machine(Run=distributed_map()), context())
    children, own = arn("states", f"execution:{MACHINE}/*"), arn("states", f"execution:{MACHINE}:*")
    assert allowed(derived) >= {
        ("states:StartExecution", MACHINE_ARN),
        ("states:DescribeExecution", children),
        ("states:StopExecution", children),
        ("states:DescribeExecution", own),
        ("states:StopExecution", own),
        ("states:RedriveExecution", children),
        ("lambda:InvokeFunction", arn("lambda", "function:work")),
    }
    assert ("states:RedriveExecution", own) not in allowed(derived)


def test_redriving_a_labelled_map_run_is_allowed_on_its_own_children_only() -> None:
    derived = derive_iam(machine(Run=distributed_map(Label="nightly")), context())
    redrive = {resource for action, resource in allowed(derived) if action == "states:RedriveExecution"}
    assert redrive == {arn("states", f"execution:{MACHINE}/nightly:*")}


def test_inline_map_starts_no_executions() -> None:
    derived = derive_iam(machine(Run={"Type": "Map", "ItemProcessor": machine(W=invoke("w")), "End": True}), context())
    assert not any(action.startswith("states:") for action, _ in allowed(derived))


def test_distributed_map_s3_item_reader_and_result_writer() -> None:
    derived = derive_iam(
        machine(
            Run=distributed_map(
                ItemReader={
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {"InputType": "CSV"},
                    "Parameters": {"Bucket": "in", "Key.$": "States.Format('{}{}.csv', 'daily/', $.day)"},
                },
                ResultWriter={
                    "Resource": "arn:aws:states:::s3:putObject",
                    "Parameters": {"Bucket": "out", "Prefix": "runs"},
                },
            )
        ),
        context(),
    )
    pairs = allowed(derived)
    assert ("s3:GetObject", "arn:aws:s3:::in/daily/*.csv") in pairs
    for action in ("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"):
        assert (action, "arn:aws:s3:::out/runs/*") in pairs
    assert [w.pointer for w in derived.warnings] == ["/States/Run/ItemReader/Parameters/Key.$"]
    assert "arn:aws:s3:::in/daily/*.csv" in derived.warnings[0].message


def test_distributed_map_list_objects_reader_conditions_on_prefix() -> None:
    derived = derive_iam(
        machine(
            Run=distributed_map(
                ItemReader={
                    "Resource": "arn:aws:states:::s3:listObjectsV2",
                    "Arguments": {"Bucket": "lake", "Prefix": "raw/"},
                }
            )
        ),
        context(),
    )
    statement = next(s for s in derived.policy["Statement"] if s["Action"] == "s3:ListBucket")
    assert statement["Resource"] == "arn:aws:s3:::lake"
    assert statement["Condition"] == {"StringLike": {"s3:prefix": "raw/*"}}


# --- aws-sdk ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resource", "action"),
    [
        ("aws-sdk:ec2:describeInstances", "ec2:DescribeInstances"),
        ("aws-sdk:sfn:listExecutions", "states:ListExecutions"),
        ("aws-sdk:elasticloadbalancingv2:describeTargetHealth", "elasticloadbalancing:DescribeTargetHealth"),
        ("aws-sdk:cloudwatchlogs:createLogStream", "logs:CreateLogStream"),
        ("aws-sdk:cloudwatch:putMetricData", "cloudwatch:PutMetricData"),
        ("aws-sdk:efs:describeFileSystems", "elasticfilesystem:DescribeFileSystems"),
        ("aws-sdk:sesv2:sendEmail", "ses:SendEmail"),
        ("aws-sdk:mediapackagevod:listAssets", "mediapackage-vod:ListAssets"),
        ("aws-sdk:apigatewayv2:getApis", "apigateway:GetApis"),
        ("aws-sdk:emr:listClusters", "elasticmapreduce:ListClusters"),
    ],
)
def test_sdk_service_prefix_mapping(resource: str, action: str) -> None:
    derived = derive_task(f"arn:aws:states:::{resource}")
    assert allowed(derived) == {(action, "*")}
    assert "no resource is known" in derived.warnings[0].message


def test_sdk_s3_get_object_names_the_object() -> None:
    derived = derive_task("arn:aws:states:::aws-sdk:s3:getObject", params={"Bucket": "b", "Key": "k/v.json"})
    assert allowed(derived) == {("s3:GetObject", "arn:aws:s3:::b/k/v.json")}
    assert derived.warnings == ()


def test_sdk_s3_list_objects_is_list_bucket_on_the_bucket() -> None:
    derived = derive_task("arn:aws:states:::aws-sdk:s3:listObjectsV2", params={"Bucket": "b"})
    assert allowed(derived) == {("s3:ListBucket", "arn:aws:s3:::b")}


def test_sdk_dynamic_key_scopes_to_bucket_objects() -> None:
    derived = derive_task("arn:aws:states:::aws-sdk:s3:putObject", params={"Bucket": "b", "Key.$": "$.k", "Body": ""})
    assert allowed(derived) == {("s3:PutObject", "arn:aws:s3:::b/*")}
    assert "Key is dynamic" in derived.warnings[0].message


def test_sdk_dynamodb_query_names_the_table_and_wait_for_token_variant() -> None:
    derived = derive_task(
        "arn:aws:states:::aws-sdk:dynamodb:query.waitForTaskToken",
        params={"TableName": "T", "KeyConditionExpression": "x"},
    )
    assert allowed(derived) == {("dynamodb:Query", arn("dynamodb", "table/T"))}


def test_sdk_lambda_invoke_is_invoke_function() -> None:
    derived = derive_task("arn:aws:states:::aws-sdk:lambda:invoke", params={"FunctionName": "f"})
    assert ("lambda:InvokeFunction", arn("lambda", "function:f")) in allowed(derived)


@pytest.mark.parametrize(
    ("resource", "params", "expected"),
    [
        (
            "aws-sdk:secretsmanager:getSecretValue",
            {"SecretId": "db/password"},
            ("secretsmanager:GetSecretValue", arn("secretsmanager", "secret:db/password-??????")),
        ),
        (
            "aws-sdk:ssm:getParameter",
            {"Name": "/app/flag"},
            ("ssm:GetParameter", arn("ssm", "parameter/app/flag")),
        ),
        (
            "aws-sdk:kinesis:putRecord",
            {"StreamName": "clicks", "Data": "x", "PartitionKey": "k"},
            ("kinesis:PutRecord", arn("kinesis", "stream/clicks")),
        ),
        (
            "aws-sdk:glue:getJobRun",
            {"JobName": "etl", "RunId": "r"},
            ("glue:GetJobRun", arn("glue", "job/etl")),
        ),
        (
            "aws-sdk:sfn:startSyncExecution",
            {"StateMachineArn": arn("states", "stateMachine:express")},
            ("states:StartSyncExecution", arn("states", "stateMachine:express")),
        ),
    ],
)
def test_sdk_named_targets(resource: str, params: dict[str, object], expected: tuple[str, str]) -> None:
    derived = derive_task(f"arn:aws:states:::{resource}", params=params)
    assert allowed(derived) == {expected}
    assert derived.warnings == ()


def test_sdk_dynamodb_batch_write_names_every_table() -> None:
    derived = derive_task(
        "arn:aws:states:::aws-sdk:dynamodb:batchWriteItem",
        params={"RequestItems": {"Orders": [], "Audit.$": "$.audit"}},
    )
    assert allowed(derived) == {
        ("dynamodb:BatchWriteItem", arn("dynamodb", "table/Orders")),
        ("dynamodb:BatchWriteItem", arn("dynamodb", "table/Audit")),
    }


# --- merging and determinism ---------------------------------------------------------------------


def test_same_target_twice_gives_one_statement() -> None:
    definition = machine(A=invoke("charge"), B=invoke("charge"), C=invoke("refund"))
    derived = derive_iam(definition, context())
    lambda_statements = [s for s in derived.policy["Statement"] if s["Action"] == "lambda:InvokeFunction"]
    assert len(lambda_statements) == 1
    assert lambda_statements[0]["Resource"] == [
        arn("lambda", "function:charge"),
        arn("lambda", "function:charge:*"),
        arn("lambda", "function:refund"),
        arn("lambda", "function:refund:*"),
    ]


def test_wildcard_resource_absorbs_the_names_it_covers() -> None:
    definition = machine(A=invoke("charge"), B=task(LAMBDA_INVOKE, params={"FunctionName.$": "$.f"}))
    derived = derive_iam(definition, context())
    assert allowed(derived) == {("lambda:InvokeFunction", arn("lambda", "function:*"))}


def test_actions_on_the_same_resources_share_a_statement_but_services_never_mix() -> None:
    definition = machine(
        Put=task("arn:aws:states:::dynamodb:putItem", params={"TableName": "T"}),
        Get=task("arn:aws:states:::dynamodb:getItem", params={"TableName": "T"}),
    )
    derived = derive_iam(definition, context(tracing=True))
    dynamo = [s for s in derived.policy["Statement"] if str(s["Action"]).count("dynamodb:")]
    assert len(dynamo) == 1 and dynamo[0]["Action"] == ["dynamodb:GetItem", "dynamodb:PutItem"]
    for statement in derived.policy["Statement"]:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        assert len({a.split(":")[0] for a in actions}) == 1


def test_output_is_deterministic_whatever_the_state_order() -> None:
    states = {
        "A": invoke("a"),
        "Q": task("arn:aws:states:::sqs:sendMessage", params={"QueueUrl": "https://sqs.x.amazonaws.com/1/q"}),
        "E": task("arn:aws:states:::ecs:runTask.sync", params={"TaskDefinition": "t:1"}),
    }
    forward = derive_iam(machine(**states), context(tracing=True))
    backward = derive_iam(machine(**dict(reversed(list(states.items())))), context(tracing=True))
    assert json.dumps(forward.policy) == json.dumps(backward.policy)
    sids = [s["Sid"] for s in forward.policy["Statement"]]
    assert len(sids) == len(set(sids))
    assert all(sid.isalnum() for sid in sids)


def test_extra_statements_are_appended_with_sids_and_deduplicated() -> None:
    extra = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::cfg/*"}
    named = {"Sid": "LambdaInvokeFunction", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}
    derived = derive_iam(machine(A=invoke("a")), context(extra_statements=(extra, extra, named)))
    statements = derived.policy["Statement"]
    assert statements[-2:] == [{"Sid": "Extra1", **extra}, named]
    sids = [s["Sid"] for s in statements]
    assert len(sids) == len(set(sids))  # the derived statement gave way to the spec's Sid


# --- unknown integrations ----------------------------------------------------------------------


UNKNOWN = "arn:aws:states:::elasticmapreduce:createCluster.sync"


def test_unknown_integration_is_an_error_naming_state_resource_and_location() -> None:
    pointers: list[str] = []

    def locate(pointer: str) -> SourceLocation:
        pointers.append(pointer)
        return SourceLocation("templates/etl.yaml.j2", 12, 7)

    with pytest.raises(IamDerivationError) as raised:
        derive_iam(machine(Spin=task(UNKNOWN, params={"Name": "c"})), context(), locate=locate)
    error = raised.value
    assert pointers == ["/States/Spin/Resource"]
    assert error.location == SourceLocation("templates/etl.yaml.j2", 12, 7)
    assert "'Spin'" in error.message and UNKNOWN in error.message
    assert error.hint is not None and "elasticmapreduce:CreateCluster" in error.hint
    assert error.one_line().startswith("templates/etl.yaml.j2:12:7:")


def test_unknown_integration_covered_by_an_extra_statement_wildcard() -> None:
    extra = {"Effect": "Allow", "Action": ["elasticmapreduce:*"], "Resource": "*"}
    derived = derive_iam(machine(Spin=task(UNKNOWN)), context(extra_statements=(extra,)))
    assert derived.policy["Statement"] == [{"Sid": "Extra1", **extra}]


def test_deny_or_other_actions_do_not_cover_an_unknown_integration() -> None:
    extras = (
        {"Effect": "Deny", "Action": "elasticmapreduce:*", "Resource": "*"},
        {"Effect": "Allow", "Action": "elasticmapreduce:ListClusters", "Resource": "*"},
    )
    with pytest.raises(IamDerivationError):
        derive_iam(machine(Spin=task(UNKNOWN)), context(extra_statements=extras))


def test_unsupported_pattern_of_a_known_service_is_unknown() -> None:
    with pytest.raises(IamDerivationError, match=r"lambda:invoke\.sync"):
        derive_task("arn:aws:states:::lambda:invoke.sync", params={"FunctionName": "f"})


def test_non_step_functions_resource_arn_is_unknown_unless_service_allowed() -> None:
    resource = f"arn:aws:glue:{REGION}:{ACCOUNT}:job/x"
    with pytest.raises(IamDerivationError):
        derive_task(resource)
    extra = {"Effect": "Allow", "Action": "glue:StartJobRun", "Resource": "*"}
    assert derive_task(resource, ctx=context(extra_statements=(extra,))).policy["Statement"][0]["Action"] == (
        "glue:StartJobRun"
    )


def test_unknown_map_item_reader_is_an_error_located_at_the_reader() -> None:
    with pytest.raises(IamDerivationError) as raised:
        derive_iam(
            machine(Run=distributed_map(ItemReader={"Resource": "arn:aws:states:::athena:startQueryExecution"})),
            context(),
            locate=SourceLocation,
        )
    assert raised.value.location == SourceLocation("/States/Run/ItemReader/Resource")


# --- cross-account credentials ---------------------------------------------------------------------


def test_task_with_credentials_only_assumes_that_role() -> None:
    role = "arn:aws:iam::999999999999:role/cross"
    derived = derive_task(LAMBDA_INVOKE, params={"FunctionName": "f"}, Credentials={"RoleArn": role})
    assert allowed(derived) == {("sts:AssumeRole", role)}
    assert role in derived.warnings[0].message


# --- trust policy and role features -------------------------------------------------------------


def test_trust_policy_limits_to_this_account_and_state_machine() -> None:
    derived = derive_iam(machine(A=invoke("a")), context())
    (statement,) = derived.trust_policy["Statement"]
    assert statement["Principal"] == {"Service": "states.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": ACCOUNT},
        "ArnLike": {"aws:SourceArn": [MACHINE_ARN, f"{MACHINE_ARN}:*"]},
    }


def test_logging_tracing_and_kms_permissions() -> None:
    key = arn("kms", "key/1234abcd")
    derived = derive_iam(
        machine(A=invoke("a")),
        context(log_group_arn=arn("logs", "log-group:/aws/states/x:*"), tracing=True, kms_key_arn=key),
    )
    pairs = allowed(derived)
    for action in ("logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeLogGroups"):
        assert (action, "*") in pairs
    for action in (
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
    ):
        assert (action, "*") in pairs
    kms = next(s for s in derived.policy["Statement"] if s["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"])
    assert kms["Resource"] == key
    assert kms["Condition"] == {"StringEquals": {"kms:EncryptionContext:aws:states:stateMachineArn": MACHINE_ARN}}


def test_no_logging_tracing_or_kms_when_off() -> None:
    pairs = allowed(derive_iam(machine(A=invoke("a")), context()))
    assert not any(action.split(":")[0] in ("logs", "xray", "kms") for action, _ in pairs)


def test_kms_key_id_becomes_a_key_arn() -> None:
    derived = derive_iam(machine(A=invoke("a")), context(kms_key_arn="1234abcd-12ab-34cd-56ef-1234567890ab"))
    assert ("kms:Decrypt", arn("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab")) in allowed(derived)


def test_kms_alias_is_granted_through_the_resource_aliases_condition() -> None:
    derived = derive_iam(machine(A=invoke("a")), context(kms_key_arn=arn("kms", "alias/workflows")))
    kms = next(s for s in derived.policy["Statement"] if s["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"])
    assert kms["Resource"] == arn("kms", "key/*")
    assert kms["Condition"] == {
        "StringEquals": {"kms:EncryptionContext:aws:states:stateMachineArn": MACHINE_ARN},
        "ForAnyValue:StringEquals": {"kms:ResourceAliases": "alias/workflows"},
    }


def test_dynamic_credentials_role_assumes_any_role_with_warning() -> None:
    derived = derive_task(LAMBDA_INVOKE, params={"FunctionName": "f"}, Credentials={"RoleArn.$": "$.role"})
    assert allowed(derived) == {("sts:AssumeRole", "arn:aws:iam::*:role/*")}
    assert any("RoleArn is dynamic" in w.message for w in derived.warnings)


def test_whole_arguments_as_one_jsonata_expression_is_dynamic() -> None:
    derived = derive_task(LAMBDA_INVOKE, arguments="{% $states.input.call %}")
    assert allowed(derived) == {("lambda:InvokeFunction", arn("lambda", "function:*"))}
    assert len(derived.warnings) == 1


def test_oversized_policy_is_warned_about() -> None:
    definition = machine(**{f"S{i}": invoke(f"function-with-a-long-descriptive-name-{i:03}") for i in range(80)})
    derived = derive_iam(definition, context())
    (warning,) = [w for w in derived.warnings if not w.state]
    assert "IAM allows 10240" in warning.message
    assert str(warning) == warning.message


def test_ordinary_policy_has_no_size_warning() -> None:
    assert derive_iam(machine(A=invoke("a")), context()).warnings == ()


def test_sdk_batch_submit_job_names_queue_and_definition() -> None:
    derived = derive_iam(
        machine(
            Submit=task(
                "arn:aws:states:::aws-sdk:batch:submitJob",
                params={"JobName": "j", "JobQueue": "reports", "JobDefinition": "render"},
            )
        ),
        context(),
    )
    assert allowed(derived) == {
        ("batch:SubmitJob", arn("batch", "job-queue/reports")),
        ("batch:SubmitJob", arn("batch", "job-definition/render:*")),
    }
    assert derived.warnings == ()


def test_sdk_create_secret_is_scoped_to_the_secret_it_names() -> None:
    derived = derive_iam(
        machine(Create=task("arn:aws:states:::aws-sdk:secretsmanager:createSecret", params={"Name": "api-key"})),
        context(),
    )
    assert allowed(derived) == {("secretsmanager:CreateSecret", arn("secretsmanager", "secret:api-key-??????"))}


def test_service_integration_arns_with_region_and_account_derive_like_the_short_form() -> None:
    short = derive_iam(
        machine(Get=task("arn:aws:states:::aws-sdk:s3:getObject", params={"Bucket": "b", "Key": "k"})), context()
    )
    full = derive_iam(
        machine(
            Get=task(f"arn:aws:states:{REGION}:{ACCOUNT}:aws-sdk:s3:getObject", params={"Bucket": "b", "Key": "k"})
        ),
        context(),
    )
    assert allowed(full) == allowed(short) == {("s3:GetObject", "arn:aws:s3:::b/k")}
    glue = derive_iam(
        machine(Run=task(f"arn:aws:states:us-east-1:{ACCOUNT}:glue:startJobRun.sync", params={"JobName": "etl"})),
        context(),
    )
    assert ("glue:GetJobRun", arn("glue", "job/etl")) in allowed(glue)


def test_sdk_ecs_run_task_names_its_task_definition_but_other_ecs_calls_stay_on_star() -> None:
    run = derive_iam(
        machine(Run=task("arn:aws:states:::aws-sdk:ecs:runTask", params={"TaskDefinition": "worker:3"})), context()
    )
    assert allowed(run) == {("ecs:RunTask", arn("ecs", "task-definition/worker:3"))}
    describe = derive_iam(
        machine(D=task("arn:aws:states:::aws-sdk:ecs:describeTaskDefinition", params={"TaskDefinition": "worker"})),
        context(),
    )
    assert allowed(describe) == {("ecs:DescribeTaskDefinition", "*")}
