"""No Docker engine runs here: the compose file is checked by its structure and against the Makefile's commands."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def command_of(service_or_command) -> str:
    command = service_or_command["command"] if isinstance(service_or_command, dict) else service_or_command
    return command if isinstance(command, str) else " ".join(command)


def test_compose_has_every_service_with_healthchecks_where_others_wait():
    services = compose()["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat"}
    for name in ("db", "redis", "web", "worker", "beat"):
        assert "test" in services[name]["healthcheck"]


def test_app_health_checks_use_the_readiness_probe_and_the_heartbeats():
    services = compose()["services"]
    assert "/-/health/ready" in command_of(services["web"]["healthcheck"]["test"])
    for name in ("worker", "beat"):
        assert services[name]["healthcheck"]["test"] == ["CMD", "python", "manage.py", "check_heartbeat", name]


def test_app_services_share_one_image_and_wait_for_healthy_backends():
    services = compose()["services"]
    images = {services[name]["image"] for name in ("web", "worker", "beat")}
    assert images == {"regeling:latest"}
    for name in ("web", "worker", "beat"):
        assert services[name]["build"] == "."
        assert services[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }
        assert services[name]["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:")
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")


def supervised(command: str) -> str:
    """The command that deploy/keep-running starts (what follows its `--`)."""
    return command.split(" -- ", 1)[1]


def test_compose_commands_match_the_procfile_that_make_run_starts():
    services, local = compose()["services"], procfile()
    assert "gunicorn regeling.wsgi" in command_of(services["web"]) and "gunicorn regeling.wsgi" in local["web"]
    for name in ("worker", "beat"):
        expected = re.sub(r"\s--(schedule|concurrency)\s\S+", "", supervised(local[name])).split(" --loglevel")[0]
        assert supervised(command_of(services[name])).startswith(expected)


def test_worker_and_beat_are_started_again_when_they_stop_or_hang_in_compose_and_make_run():
    services, local = compose()["services"], procfile()
    for name in ("worker", "beat"):
        for command in (command_of(services[name]), local[name]):
            assert "deploy/keep-running --heartbeat" in command and f"heartbeat/{name} " in command


def test_every_long_running_service_restarts_unless_stopped_when_it_exits():
    services = compose()["services"]
    for name in ("db", "redis", "web", "worker", "beat"):
        assert services[name]["restart"] == "unless-stopped"
    for name in ("web", "worker", "beat"):
        assert set(services[name]["deploy"]["resources"]["limits"]) == {"cpus", "memory"}


def test_redis_keeps_queued_messages_in_an_append_only_file_on_a_volume_when_restarted():
    redis = compose()["services"]["redis"]
    command = command_of(redis)
    assert "--appendonly yes" in command and "redisdata:/data" in redis["volumes"]


def test_app_services_log_in_as_the_application_role_and_only_migrate_runs_as_the_owner():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://regeling_app:")
        assert "DATABASE_OWNER_URL" not in services[name]["environment"]
    assert services["migrate"]["environment"]["DATABASE_OWNER_URL"].startswith("postgres://regeling_owner:")
    assert command_of(services["migrate"]).endswith("migrate --noinput --database owner")
    assert "migrate" not in command_of(services["web"])
