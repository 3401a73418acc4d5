"""Loading and checking the project's own files: sfndeploy.yaml, environments, workflow specs."""
