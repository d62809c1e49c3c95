from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the system: health probes, heartbeats, telemetry, backup and restore."""

    name = "regeling.operations"
