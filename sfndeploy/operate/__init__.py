"""Operating deployed workflows: start, list, stop and redrive executions, read histories and logs.

Every AWS call goes through :class:`~sfndeploy.aws.api.AwsApi`; formatting lives in
:mod:`sfndeploy.operate.formatting`, apart from the logic.
"""
