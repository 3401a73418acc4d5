"""One test per integration (and per .sync / .waitForTaskToken variant whose actions differ)."""

from __future__ import annotations

from .helpers import ACCOUNT, MACHINE_ARN, REGION, allowed, arn, context, derive_task, grants

RULE_ACTIONS = ("events:PutTargets", "events:PutRule", "events:DescribeRule")


def rule(name: str) -> set[tuple[str, str]]:
    return {(action, arn("events", f"rule/{name}")) for action in RULE_ACTIONS}


def test_lambda_invoke_allows_unqualified_and_qualified_function() -> None:
    derived = derive_task("arn:aws:states:::lambda:invoke", params={"FunctionName": "charge", "Payload.$": "$"})
    fn = arn("lambda", "function:charge")
    assert allowed(derived) == {("lambda:InvokeFunction", fn), ("lambda:InvokeFunction", f"{fn}:*")}
    assert derived.warnings == ()


def test_lambda_alias_qualified_arn_allows_both_forms() -> None:
    qualified = f"arn:aws:lambda:us-east-2:{ACCOUNT}:function:charge:prod"
    derived = derive_task("arn:aws:states:::lambda:invoke.waitForTaskToken", params={"FunctionName": qualified})
    base = f"arn:aws:lambda:us-east-2:{ACCOUNT}:function:charge"
    assert allowed(derived) == {("lambda:InvokeFunction", base), ("lambda:InvokeFunction", f"{base}:*")}


def test_lambda_partial_arn_and_name_with_version() -> None:
    partial = derive_task("arn:aws:states:::lambda:invoke", params={"FunctionName": "999999999999:function:fn"})
    assert ("lambda:InvokeFunction", f"arn:aws:lambda:{REGION}:999999999999:function:fn") in allowed(partial)
    versioned = derive_task("arn:aws:states:::lambda:invoke", params={"FunctionName": "fn:7"})
    assert allowed(versioned) == {
        ("lambda:InvokeFunction", arn("lambda", "function:fn")),
        ("lambda:InvokeFunction", arn("lambda", "function:fn:*")),
    }


def test_legacy_lambda_function_arn_as_resource() -> None:
    derived = derive_task(f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:legacy:3")
    fn = arn("lambda", "function:legacy")
    assert allowed(derived) == {("lambda:InvokeFunction", fn), ("lambda:InvokeFunction", f"{fn}:*")}


def test_sqs_send_message_from_queue_url() -> None:
    url = f"https://sqs.us-west-2.amazonaws.com/{ACCOUNT}/jobs.fifo"
    derived = derive_task("arn:aws:states:::sqs:sendMessage", params={"QueueUrl": url, "MessageBody": "x"})
    assert allowed(derived) == {("sqs:SendMessage", f"arn:aws:sqs:us-west-2:{ACCOUNT}:jobs.fifo")}


def test_sqs_wait_for_task_token_needs_the_same_action() -> None:
    url = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/callbacks"
    derived = derive_task(
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        params={"QueueUrl": url, "MessageBody": {"Token.$": "$$.Task.Token"}},
    )
    assert allowed(derived) == {("sqs:SendMessage", arn("sqs", "callbacks"))}


def test_sns_publish_to_topic() -> None:
    topic = arn("sns", "alerts")
    derived = derive_task("arn:aws:states:::sns:publish", params={"TopicArn": topic, "Message": "hi"})
    assert allowed(derived) == {("sns:Publish", topic)}


def test_sns_publish_to_phone_number_needs_star_and_warns() -> None:
    derived = derive_task("arn:aws:states:::sns:publish", params={"PhoneNumber": "+15555550100", "Message": "x"})
    assert allowed(derived) == {("sns:Publish", "*")}
    assert "PhoneNumber" in derived.warnings[0].message


def test_sns_publish_to_target_topic_arn() -> None:
    topic = arn("sns", "fanout")
    derived = derive_task("arn:aws:states:::sns:publish", params={"TargetArn": topic, "Message": "x"})
    assert allowed(derived) == {("sns:Publish", topic)}


def test_dynamodb_item_actions_on_table_arn() -> None:
    for api, action in (
        ("getItem", "dynamodb:GetItem"),
        ("putItem", "dynamodb:PutItem"),
        ("deleteItem", "dynamodb:DeleteItem"),
        ("updateItem", "dynamodb:UpdateItem"),
    ):
        derived = derive_task(f"arn:aws:states:::dynamodb:{api}", params={"TableName": "Orders", "Key": {}})
        assert allowed(derived) == {(action, arn("dynamodb", "table/Orders"))}


def test_eventbridge_put_events_default_and_named_buses() -> None:
    derived = derive_task(
        "arn:aws:states:::events:putEvents",
        params={"Entries": [{"Detail": {}, "Source": "a"}, {"EventBusName": "billing", "Source": "b"}]},
    )
    assert allowed(derived) == {
        ("events:PutEvents", arn("events", "event-bus/default")),
        ("events:PutEvents", arn("events", "event-bus/billing")),
    }


def test_ecs_run_task_request_response() -> None:
    derived = derive_task(
        "arn:aws:states:::ecs:runTask",
        params={"TaskDefinition": "worker:4", "Overrides": {"TaskRoleArn": "worker-task"}},
    )
    assert allowed(derived) == {
        ("ecs:RunTask", arn("ecs", "task-definition/worker:4")),
        ("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/worker-task"),
    }
    assert derived.warnings == ()


def test_ecs_run_task_sync_adds_stop_describe_rule_and_pass_role() -> None:
    derived = derive_task("arn:aws:states:::ecs:runTask.sync", params={"TaskDefinition": "worker", "Cluster": "c"})
    passed_to_ecs = repr({"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}})
    assert allowed(derived) == {
        ("ecs:RunTask", arn("ecs", "task-definition/worker:*")),
        ("ecs:StopTask", arn("ecs", "task/c/*")),
        ("ecs:DescribeTasks", arn("ecs", "task/c/*")),
        ("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/*"),
    } | rule("StepFunctionsGetEventsForECSTaskRule")
    assert ("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/*", passed_to_ecs) in grants(derived)
    assert any("iam:PassRole" in w.message for w in derived.warnings)


def test_sagemaker_training_job_sync_with_pass_role_condition() -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/sm-exec"
    derived = derive_task(
        "arn:aws:states:::sagemaker:createTrainingJob.sync",
        params={"TrainingJobName": "train", "RoleArn": role},
    )
    job = arn("sagemaker", "training-job/train*")
    assert allowed(derived) == {
        ("sagemaker:CreateTrainingJob", job),
        ("sagemaker:DescribeTrainingJob", job),
        ("sagemaker:StopTrainingJob", job),
        ("sagemaker:ListTags", job),
        ("iam:PassRole", role),
    } | rule("StepFunctionsGetEventsForSageMakerTrainingJobsRule")
    condition = repr({"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}})
    assert ("iam:PassRole", role, condition) in grants(derived)


def test_sagemaker_training_job_request_response() -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/sm-exec"
    derived = derive_task(
        "arn:aws:states:::sagemaker:createTrainingJob",
        params={"TrainingJobName": "train", "RoleArn": role},
    )
    assert allowed(derived) == {
        ("sagemaker:CreateTrainingJob", arn("sagemaker", "training-job/train*")),
        ("sagemaker:ListTags", arn("sagemaker", "training-job/train*")),
        ("iam:PassRole", role),
    }


def test_codebuild_start_build_request_response_and_sync() -> None:
    project = arn("codebuild", "project/site")
    plain = derive_task("arn:aws:states:::codebuild:startBuild", params={"ProjectName": "site"})
    assert allowed(plain) == {("codebuild:StartBuild", project)}
    sync = derive_task("arn:aws:states:::codebuild:startBuild.sync", params={"ProjectName": "site"})
    assert allowed(sync) == {
        ("codebuild:StartBuild", project),
        ("codebuild:StopBuild", project),
        ("codebuild:BatchGetBuilds", project),
    } | rule("StepFunctionsGetEventForCodeBuildStartBuildRule")


def test_nested_start_execution_plain_and_wait_for_task_token() -> None:
    child = arn("states", "stateMachine:child")
    for resource in (
        "arn:aws:states:::states:startExecution",
        "arn:aws:states:::states:startExecution.waitForTaskToken",
    ):
        derived = derive_task(resource, params={"StateMachineArn": child})
        assert allowed(derived) == {("states:StartExecution", child)}


def test_nested_start_execution_sync_and_sync2() -> None:
    child = arn("states", "stateMachine:child")
    for suffix in (".sync", ".sync:2"):
        derived = derive_task(f"arn:aws:states:::states:startExecution{suffix}", params={"StateMachineArn": child})
        assert allowed(derived) == {
            ("states:StartExecution", child),
            ("states:DescribeExecution", arn("states", "execution:child:*")),
            ("states:StopExecution", arn("states", "execution:child:*")),
        } | rule("StepFunctionsGetEventsForStepFunctionsExecutionRule")


def test_http_invoke_with_connection_and_endpoint_conditions() -> None:
    connection = arn("events", "connection/stripe/0a1b")
    derived = derive_task(
        "arn:aws:states:::http:invoke",
        params={
            "ApiEndpoint": "https://api.stripe.com/v1/charges",
            "Method": "post",
            "Authentication": {"ConnectionArn": connection},
        },
    )
    conditions = repr(
        {
            "StringEquals": {"states:HTTPMethod": "POST"},
            "StringLike": {"states:HTTPEndpoint": "https://api.stripe.com/v1/charges"},
        }
    )
    assert grants(derived) == {
        ("events:RetrieveConnectionCredentials", connection, "''"),
        ("secretsmanager:GetSecretValue", arn("secretsmanager", "secret:events!connection/stripe/*"), "''"),
        ("secretsmanager:DescribeSecret", arn("secretsmanager", "secret:events!connection/stripe/*"), "''"),
        ("states:InvokeHTTPEndpoint", MACHINE_ARN, conditions),
    }


def test_bedrock_invoke_model_foundation_model_arn() -> None:
    derived = derive_task(
        "arn:aws:states:::bedrock:invokeModel",
        params={"ModelId": "anthropic.claude-v2", "Body": {"prompt": "hi"}},
    )
    assert allowed(derived) == {
        ("bedrock:InvokeModel", f"arn:aws:bedrock:{REGION}::foundation-model/anthropic.claude-v2"),
    }


def test_bedrock_invoke_model_with_model_arn_and_s3_io() -> None:
    model = f"arn:aws:bedrock:{REGION}:{ACCOUNT}:provisioned-model/abc"
    derived = derive_task(
        "arn:aws:states:::bedrock:invokeModel",
        params={"ModelId": model, "Input": {"S3Uri": "s3://in/prompts/p.json"}, "Output": {"S3Uri": "s3://out/r/"}},
    )
    assert allowed(derived) == {
        ("bedrock:InvokeModel", model),
        ("s3:GetObject", "arn:aws:s3:::in/prompts/p.json"),
        ("s3:PutObject", "arn:aws:s3:::out/r/*"),
    }


def test_activity_needs_no_permission() -> None:
    derived = derive_task(f"arn:aws:states:{REGION}:{ACCOUNT}:activity:approve")
    assert derived.policy["Statement"] == [{"Sid": "DenyAll", "Effect": "Deny", "Action": "*", "Resource": "*"}]


def test_sagemaker_processing_job_sync() -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/sm"
    derived = derive_task(
        "arn:aws:states:::sagemaker:createProcessingJob.sync",
        params={"ProcessingJobName": "prep", "RoleArn": role},
    )
    job = arn("sagemaker", "processing-job/prep*")
    assert allowed(derived) == {
        ("sagemaker:CreateProcessingJob", job),
        ("sagemaker:DescribeProcessingJob", job),
        ("sagemaker:StopProcessingJob", job),
        ("sagemaker:ListTags", job),
        ("iam:PassRole", role),
    } | rule("StepFunctionsGetEventsForSageMakerProcessingJobsRule")


def test_sagemaker_tuning_job_sync_passes_the_training_role() -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/sm"
    derived = derive_task(
        "arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync",
        params={"HyperParameterTuningJobName": "tune", "TrainingJobDefinition": {"RoleArn": role}},
    )
    job = arn("sagemaker", "hyper-parameter-tuning-job/tune*")
    assert allowed(derived) == {
        ("sagemaker:CreateHyperParameterTuningJob", job),
        ("sagemaker:DescribeHyperParameterTuningJob", job),
        ("sagemaker:StopHyperParameterTuningJob", job),
        ("sagemaker:ListTrainingJobsForHyperParameterTuningJob", job),
        ("sagemaker:ListTags", job),
        ("iam:PassRole", role),
    } | rule("StepFunctionsGetEventsForSageMakerTuningJobsRule")


def test_sagemaker_transform_job_has_no_role_to_pass() -> None:
    derived = derive_task("arn:aws:states:::sagemaker:createTransformJob", params={"TransformJobName": "score"})
    assert allowed(derived) == {
        ("sagemaker:CreateTransformJob", arn("sagemaker", "transform-job/score*")),
        ("sagemaker:ListTags", arn("sagemaker", "transform-job/score*")),
    }


def test_sagemaker_create_model_and_endpoint() -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/sm"
    model = derive_task("arn:aws:states:::sagemaker:createModel", params={"ModelName": "m", "ExecutionRoleArn": role})
    assert allowed(model) == {("sagemaker:CreateModel", arn("sagemaker", "model/m")), ("iam:PassRole", role)}
    endpoint = derive_task("arn:aws:states:::sagemaker:updateEndpoint", params={"EndpointName": "e"})
    assert allowed(endpoint) == {("sagemaker:UpdateEndpoint", arn("sagemaker", "endpoint/e"))}


def test_http_invoke_with_invocation_config_connection() -> None:
    connection = arn("events", "connection/private/9")
    derived = derive_task(
        "arn:aws:states:::http:invoke",
        arguments={
            "ApiEndpoint": "https://internal.example.com/x",
            "Method": "GET",
            "InvocationConfig": {"ConnectionArn": connection},
        },
    )
    assert ("events:RetrieveConnectionCredentials", connection) in allowed(derived)


def test_api_gateway_invoke_names_api_stage_method_and_path() -> None:
    derived = derive_task(
        "arn:aws:states:::apigateway:invoke",
        params={
            "ApiEndpoint": "a1b2c3.execute-api.us-east-2.amazonaws.com",
            "Method": "post",
            "Stage": "prod",
            "Path": "/orders",
            "AuthType": "IAM_ROLE",
        },
    )
    assert allowed(derived) == {
        ("execute-api:Invoke", f"arn:aws:execute-api:us-east-2:{ACCOUNT}:a1b2c3/prod/POST/orders")
    }
    assert derived.warnings == ()


def test_api_gateway_dynamic_path_becomes_wildcard() -> None:
    derived = derive_task(
        "arn:aws:states:::apigateway:invoke.waitForTaskToken",
        params={
            "ApiEndpoint": "a1b2c3.execute-api.us-east-2.amazonaws.com",
            "Method": "GET",
            "Stage": "v1",
            "Path.$": "$.path",
        },
    )
    assert allowed(derived) == {("execute-api:Invoke", f"arn:aws:execute-api:us-east-2:{ACCOUNT}:a1b2c3/v1/GET/*")}
    assert "Path is dynamic" in derived.warnings[0].message


def test_ecs_pass_role_from_the_specs_own_statement_replaces_the_wildcard() -> None:
    own = {"Effect": "Allow", "Action": "iam:PassRole", "Resource": f"arn:aws:iam::{ACCOUNT}:role/worker-*"}
    derived = derive_task(
        "arn:aws:states:::ecs:runTask", params={"TaskDefinition": "worker:4"}, ctx=context(extra_statements=(own,))
    )
    assert allowed(derived) == {
        ("ecs:RunTask", arn("ecs", "task-definition/worker:4")),
        ("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/worker-*"),
    }
    assert derived.warnings == ()


def test_ecs_sync_on_a_cluster_arn_or_the_default_cluster() -> None:
    cluster = f"arn:aws:ecs:us-west-2:{ACCOUNT}:cluster/batch"
    derived = derive_task("arn:aws:states:::ecs:runTask.sync", params={"TaskDefinition": "w:1", "Cluster": cluster})
    tasks = f"arn:aws:ecs:us-west-2:{ACCOUNT}:task/batch/*"
    assert {("ecs:StopTask", tasks), ("ecs:DescribeTasks", tasks)} <= allowed(derived)
    default = derive_task("arn:aws:states:::ecs:runTask.sync", params={"TaskDefinition": "w:1"})
    assert ("ecs:StopTask", arn("ecs", "task/default/*")) in allowed(default)


def test_http_invoke_with_a_dynamic_connection_reads_any_connection_secret_and_warns() -> None:
    derived = derive_task(
        "arn:aws:states:::http:invoke",
        params={"ApiEndpoint": "https://x.test", "Method": "GET", "Authentication": {"ConnectionArn.$": "$.c"}},
    )
    secret = arn("secretsmanager", "secret:events!connection/*")
    assert ("secretsmanager:GetSecretValue", secret) in allowed(derived)
    assert any("ConnectionArn is dynamic" in w.message for w in derived.warnings)


def test_codebuild_stop_build_is_scoped_to_the_project_its_build_id_names() -> None:
    named = derive_task("arn:aws:states:::codebuild:stopBuild", params={"Id.$": "States.Format('site:{}', $.id)"})
    assert allowed(named) == {("codebuild:StopBuild", arn("codebuild", "project/site"))}
    unknown = derive_task("arn:aws:states:::codebuild:stopBuild", params={"Id.$": "$.buildId"})
    assert allowed(unknown) == {("codebuild:StopBuild", arn("codebuild", "project/*"))}
    assert [w.pointer for w in unknown.warnings] == ["/States/Call/Parameters/Id.$"]
    batch = derive_task("arn:aws:states:::codebuild:batchDeleteBuilds", params={"Ids": ["site:1", "docs:2"]})
    assert allowed(batch) == {
        ("codebuild:BatchDeleteBuilds", arn("codebuild", "project/docs")),
        ("codebuild:BatchDeleteBuilds", arn("codebuild", "project/site")),
    }
