"""Environment promotion and progressive delivery.

provenance (what a version was built from) -> promotion checks -> rollouts on the workflow's
alias (canary, linear) -> rollback -> versions and pruning; plus ``diff-env``.
"""
