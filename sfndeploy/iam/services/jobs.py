"""Job-running integrations: ECS/Fargate, Batch, Glue, CodeBuild and SageMaker.

Each follows the Step Functions developer guide's "IAM policies for ..." page: the start action on
the target, and for ``.sync`` the describe/stop actions plus the EventBridge managed rule.
"""

from __future__ import annotations

from sfndeploy.iam import arns
from sfndeploy.iam.calls import Findings, TaskCall
from sfndeploy.iam.policy import statement_allows
from sfndeploy.iam.services.common import Handler, allow_events_rule, one, resolve


def ecs_run_task(call: TaskCall, out: Findings) -> None:
    definition = resolve(call, out, ("TaskDefinition",), one(arns.ecs_task_definition_arn, call))
    out.allow(["ecs:RunTask"], definition)
    if call.waits_for_job:
        # The task id exists only once the task runs; its ARN is task/<cluster>/<id>.
        tasks = resolve(call, out, ("Cluster",), lambda text: [_ecs_tasks_of(call, text)], default="default")
        out.allow(["ecs:StopTask", "ecs:DescribeTasks"], tasks)
        allow_events_rule(call, out, "StepFunctionsGetEventsForECSTaskRule")
    _ecs_pass_roles(call, out)


def _ecs_tasks_of(call: TaskCall, cluster: str) -> str:
    """``task/<cluster>/*`` in the cluster's region and account (a name, or a cluster ARN)."""
    if not arns.is_arn(cluster):
        return call.arn("ecs", f"task/{cluster}/*")
    parts = cluster.split(":", 5)
    name = parts[5].split("/", 1)[-1] if len(parts) == 6 else "*"
    return call.arn(
        "ecs",
        f"task/{name}/*",
        region=parts[3] if len(parts) > 3 else None,
        account=parts[4] if len(parts) > 4 else None,
    )


def _ecs_pass_roles(call: TaskCall, out: Findings) -> None:
    roles: list[str] = []
    for key in ("TaskRoleArn", "ExecutionRoleArn"):
        value = call.param("Overrides", key)
        if value.present:
            roles.extend(resolve(call, out, ("Overrides", key), one(arns.iam_role_arn, call)))
    if not roles:
        # The task and execution roles live in the task definition, which the definition does not show:
        # the spec's own iam:PassRole statement names them, else any role may go to ECS tasks.
        if any(statement_allows(extra, "iam:PassRole") for extra in call.context.extra_statements):
            return
        roles = [arns.iam_role_arn(call, "*")]
        out.warn(
            call,
            "the task definition's task/execution roles are unknown; iam:PassRole scoped to "
            f"{roles[0]} passed to ecs-tasks.amazonaws.com (an extra statement allowing iam:PassRole "
            "on those roles replaces it)",
        )
    out.allow(["iam:PassRole"], roles, {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}})


def batch_submit_job(call: TaskCall, out: Findings) -> None:
    # SubmitJob is authorized on both the job queue and the job definition.
    queues = resolve(call, out, ("JobQueue",), one(arns.batch_job_queue_arn, call))
    definitions = resolve(call, out, ("JobDefinition",), one(arns.batch_job_definition_arn, call))
    out.allow(["batch:SubmitJob"], [*queues, *definitions])
    if call.waits_for_job:
        # The job id exists only once the job is submitted: any job of the account may be stopped.
        out.allow(["batch:TerminateJob"], [call.arn("batch", "job/*")])
        out.allow(["batch:DescribeJobs"], ["*"])
        out.warn(call, "batch:DescribeJobs supports no resource-level permissions: it is granted on '*'")
        allow_events_rule(call, out, "StepFunctionsGetEventsForBatchJobsRule")


def glue_start_job_run(call: TaskCall, out: Findings) -> None:
    jobs = resolve(call, out, ("JobName",), one(arns.glue_job_arn, call))
    actions = ["glue:StartJobRun"]
    if call.waits_for_job:  # Step Functions polls the run and stops it when the task is stopped
        actions += ["glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"]
    out.allow(actions, jobs)


def codebuild_start_build(call: TaskCall, out: Findings) -> None:
    project = resolve(call, out, ("ProjectName",), one(arns.codebuild_project_arn, call))
    actions = ["codebuild:StartBuild"]
    if call.waits_for_job:
        actions += ["codebuild:StopBuild", "codebuild:BatchGetBuilds"]
        allow_events_rule(call, out, "StepFunctionsGetEventForCodeBuildStartBuildRule")
    out.allow(actions, project)


def codebuild_project_action(action: str) -> Handler:
    """StopBuild (``Id``) and BatchDeleteBuilds (``Ids``): a build id is ``<project>:<uuid>``."""

    def handler(call: TaskCall, out: Findings) -> None:
        key = "Id" if action == "codebuild:StopBuild" else "Ids"
        ids = call.params.get(key) if isinstance(call.params, dict) else None
        texts = ids if isinstance(ids, list) and ids and all(isinstance(i, str) for i in ids) else None
        value = call.param(key)
        if texts is None and value.present and key == "Id":
            texts = [value.text]
        projects = sorted({_build_project(text) for text in texts or ["*"]})
        resources = [call.arn("codebuild", f"project/{project}") for project in projects]
        out.allow([action], resources)
        if "*" in projects:
            out.warn(
                call, f"{key} does not name its builds' project; {action} scoped to {', '.join(resources)}", at=(key,)
            )

    return handler


def _build_project(build_id: str) -> str:
    project, found, _ = build_id.partition(":")
    return project if found and project and "*" not in project else "*"


_SAGEMAKER_JOBS = {
    # api: (resource type, name parameter, IAM noun, .sync rule, role parameter)
    "createTrainingJob": (
        "training-job",
        "TrainingJobName",
        "TrainingJob",
        "StepFunctionsGetEventsForSageMakerTrainingJobsRule",
        "RoleArn",
    ),
    "createTransformJob": (
        "transform-job",
        "TransformJobName",
        "TransformJob",
        "StepFunctionsGetEventsForSageMakerTransformJobsRule",
        None,
    ),
    "createProcessingJob": (
        "processing-job",
        "ProcessingJobName",
        "ProcessingJob",
        "StepFunctionsGetEventsForSageMakerProcessingJobsRule",
        "RoleArn",
    ),
    "createHyperParameterTuningJob": (
        "hyper-parameter-tuning-job",
        "HyperParameterTuningJobName",
        "HyperParameterTuningJob",
        "StepFunctionsGetEventsForSageMakerTuningJobsRule",
        "TrainingJobDefinition.RoleArn",
    ),
}

_SAGEMAKER_RESOURCES = {
    # api: (resource type, name parameter, role parameter)
    "createModel": ("model", "ModelName", "ExecutionRoleArn"),
    "createEndpointConfig": ("endpoint-config", "EndpointConfigName", None),
    "createEndpoint": ("endpoint", "EndpointName", None),
    "updateEndpoint": ("endpoint", "EndpointName", None),
}

SAGEMAKER_APIS = frozenset(_SAGEMAKER_JOBS) | frozenset(_SAGEMAKER_RESOURCES)


def sagemaker(call: TaskCall, out: Findings) -> None:
    if call.api in _SAGEMAKER_JOBS:
        _sagemaker_job(call, out)
    else:
        _sagemaker_resource(call, out)


def _sagemaker_job(call: TaskCall, out: Findings) -> None:
    kind, name_key, noun, rule, role_key = _SAGEMAKER_JOBS[call.api]
    jobs = resolve(call, out, (name_key,), lambda name: [_sagemaker_job_arn(call, kind, name)])
    actions = [f"sagemaker:Create{noun}"]
    if call.waits_for_job:
        actions += [f"sagemaker:Describe{noun}", f"sagemaker:Stop{noun}"]
        if call.api == "createHyperParameterTuningJob":
            actions.append("sagemaker:ListTrainingJobsForHyperParameterTuningJob")
        allow_events_rule(call, out, rule)
    out.allow(actions, jobs)
    out.allow(["sagemaker:ListTags"], jobs)  # the tags of the job it created
    if role_key is not None:
        _sagemaker_pass_role(call, out, tuple(role_key.split(".")))


def _sagemaker_job_arn(call: TaskCall, kind: str, name: str) -> str:
    # Job names get suffixes on retries and tuning children: AWS documents "<name>*".
    return call.arn("sagemaker", f"{kind}/{name}" if name.endswith("*") else f"{kind}/{name}*")


def _sagemaker_resource(call: TaskCall, out: Findings) -> None:
    kind, name_key, role_key = _SAGEMAKER_RESOURCES[call.api]
    targets = resolve(call, out, (name_key,), lambda name: [call.arn("sagemaker", f"{kind}/{name}")])
    out.allow([f"sagemaker:{call.api[0].upper()}{call.api[1:]}"], targets)
    if role_key is not None:
        _sagemaker_pass_role(call, out, (role_key,))


def _sagemaker_pass_role(call: TaskCall, out: Findings, path: tuple[str, ...]) -> None:
    roles = resolve(call, out, path, one(arns.iam_role_arn, call))
    out.allow(["iam:PassRole"], roles, {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}})
