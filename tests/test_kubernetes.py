"""The Kubernetes example (deploy/kubernetes/): no cluster runs here, so every manifest is
validated against the Kubernetes API's JSON schemas (strict: no unknown field) and checked for
what a body's platform team demands: non-root, read-only root filesystem, resources, probes
on the health endpoints, and the same commands as docker-compose and the Procfile."""

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from regeling.operations.health import LIVE_PATH, READY_PATH

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "deploy" / "kubernetes"
KUBERNETES_VERSION = "1.30.0"  # the oldest release still supported by the common Haven platforms


def documents(name: str) -> list[dict]:
    return [doc for doc in yaml.safe_load_all((FOLDER / name).read_text()) if doc]


def manifests() -> list[tuple[str, dict]]:
    files = sorted(path.name for path in FOLDER.glob("*.yaml") if path.name != "kustomization.yaml")
    return [(name, doc) for name in files for doc in documents(name)]


def workloads() -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for _, doc in manifests() if doc["kind"] in ("Deployment", "Job")}


def container(name: str) -> dict:
    (only,) = workloads()[name]["spec"]["template"]["spec"]["containers"]
    return only


@pytest.mark.parametrize(("name", "doc"), manifests(), ids=lambda value: value if isinstance(value, str) else "")
def test_manifest_is_valid_against_the_kubernetes_schema(name, doc):
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_kustomization_applies_every_manifest_but_the_secret_example():
    kustomization = documents("kustomization.yaml")[0]
    files = {path.name for path in FOLDER.glob("*.yaml")} - {"kustomization.yaml", "secret.example.yaml"}
    assert set(kustomization["resources"]) == files


def test_web_worker_beat_and_migrations_run_as_non_root_on_a_read_only_root_filesystem():
    assert {"regeling-web", "regeling-worker", "regeling-beat", "regeling-migrate"} <= set(workloads())
    for name, workload in workloads().items():
        pod = workload["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0, name
        assert pod["automountServiceAccountToken"] is False, name
        security = container(name)["securityContext"]
        assert security["readOnlyRootFilesystem"] is True and security["allowPrivilegeEscalation"] is False, name
        assert security["capabilities"]["drop"] == ["ALL"], name
        mounts = {mount["mountPath"] for mount in container(name)["volumeMounts"]}
        assert "/tmp" in mounts, f"{name}: nothing writable for temporary files"


def test_every_container_sets_requests_and_limits():
    for name in workloads():
        resources = container(name)["resources"]
        assert {"cpu", "memory"} <= set(resources["requests"]) and {"cpu", "memory"} <= set(resources["limits"]), name


def test_web_probes_use_the_health_endpoints_on_the_port_gunicorn_binds():
    web = container("regeling-web")
    assert web["livenessProbe"]["httpGet"]["path"] == LIVE_PATH
    assert web["startupProbe"]["httpGet"]["path"] == LIVE_PATH
    assert web["readinessProbe"]["httpGet"]["path"] == READY_PATH
    bind = web["command"][web["command"].index("--bind") + 1]
    assert bind.endswith(f":{web['ports'][0]['containerPort']}") and web["ports"][0]["name"] == "http"


def test_worker_and_beat_liveness_reads_their_heartbeat_on_a_writable_folder():
    config = documents("configmap.yaml")[0]["data"]
    assert config["HEARTBEAT_DIR"].startswith("/tmp/")
    for process in ("worker", "beat"):
        probe = container(f"regeling-{process}")["livenessProbe"]["exec"]["command"]
        assert probe == ["python", "manage.py", "check_heartbeat", process]


def test_commands_match_docker_compose_and_one_image_serves_all():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for process in ("worker", "beat"):
        # Compose wraps it in deploy/keep-running; Kubernetes restarts through its liveness probe.
        supervised = compose[process]["command"][compose[process]["command"].index("--") + 1 :]
        assert container(f"regeling-{process}")["command"] == supervised
    assert container("regeling-web")["command"][:2] == ["gunicorn", "regeling.wsgi"]
    assert {container(name)["image"] for name in workloads()} == {"regeling"}
    assert documents("kustomization.yaml")[0]["images"][0]["name"] == "regeling"


def test_workloads_refer_only_to_objects_the_manifests_define():
    defined = {(doc["kind"], doc["metadata"]["name"]) for _, doc in manifests()}
    for name in workloads():
        pod = workloads()[name]["spec"]["template"]["spec"]
        for source in container(name)["envFrom"]:
            kind, ref = (
                ("ConfigMap", source["configMapRef"]) if "configMapRef" in source else ("Secret", source["secretRef"])
            )
            assert (kind, ref["name"]) in defined, (name, ref)
        for volume in pod.get("volumes", []):
            if "persistentVolumeClaim" in volume:
                assert ("PersistentVolumeClaim", volume["persistentVolumeClaim"]["claimName"]) in defined


def test_schema_validation_refuses_a_misspelt_field():
    # The validation above means something: a typo a cluster would reject is caught here too.
    web = workloads()["regeling-web"]
    web["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = web["spec"]["template"]["spec"]["containers"][
        0
    ].pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES_VERSION, strict=True)
