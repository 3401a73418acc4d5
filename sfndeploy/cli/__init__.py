"""Click commands: they parse arguments, call the core and report. Nothing else."""
