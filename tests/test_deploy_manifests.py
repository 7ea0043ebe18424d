"""The Kubernetes manifests under deploy/: valid for a current Kubernetes, complete, and in step with the code."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
import tools  # noqa: E402  (deploy/tools.py: the Ingress generator and the kustomize-subset renderer)

K8S_VERSION = kubernetes_validate.latest_version()  # the newest schema the installed kubernetes-validate knows
OVERLAYS = ("overlays/dev", "overlays/prod")
SERVICES = ("gateway", "positions", "evaluation", "recruitment")
# README settings that are not cluster settings, with the reason.
NOT_IN_CLUSTER = {
    "MERIT_READY_TIMEOUT_SECONDS": "make run and the test stacks wait for /readyz; Kubernetes has readiness probes",
    "STACK_MAX_RESTARTS": "make run restarts a dead service; Kubernetes restarts containers itself",
    "GATEWAY_PORT": "make run's port; the Deployment's command names the port",
    "POSITIONS_PORT": "idem",
    "EVALUATION_PORT": "idem",
    "RECRUITMENT_PORT": "idem",
    "SERVICE_CLIENT_ID": "set per Deployment (env), not shared",
    "JWT_PRIVATE_KEY_FILE": "set on the gateway's Deployment, the key mounted from the merit-jwt secret",
}


def rendered(overlay: str) -> list[dict[str, Any]]:
    return tools.render(tools.DEPLOY / overlay)


def of_kind(objs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objs if o["kind"] == kind}


def test_ingress_is_generated_from_the_routing_table() -> None:
    assert tools.INGRESS_FILE.read_text() == tools.ingress_yaml(), "run `python deploy/tools.py ingress`"


def test_ingress_sends_every_resource_to_its_owner() -> None:
    from merit_gateway.routing import ROUTES

    paths = {p: s for p, s in tools.ingress_paths()}
    for segment, service in ROUTES.items():
        assert paths[f"/api/v1/{segment}"] == service
    for prefix in ("/api/v1/auth", "/api/v1/users", "/api/v1/clients", "/.well-known", "/docs", "/redoc", "/openapi.json"):
        assert paths[prefix] == "gateway"
    assert not set(ROUTES) & {p.split("/")[3] for p in paths if p.startswith("/api/v1/") and paths[p] == "gateway"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_builtin_object_is_valid_for_a_current_kubernetes(overlay: str) -> None:
    objs = rendered(overlay)
    builtin = [o for o in objs if not o["apiVersion"].startswith("postgresql.cnpg.io/")]
    assert len(builtin) >= 20
    for o in builtin:
        try:
            kubernetes_validate.validate(o, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:  # name the object, not just the schema path
            pytest.fail(f"{overlay} {o['kind']}/{o['metadata']['name']}: {exc.message} at {list(exc.path)}")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_has_probes_resources_autoscaler_and_budget(overlay: str) -> None:
    objs = rendered(overlay)
    deployments, hpas, pdbs = of_kind(objs, "Deployment"), of_kind(objs, "HorizontalPodAutoscaler"), \
        of_kind(objs, "PodDisruptionBudget")
    services = of_kind(objs, "Service")
    assert set(deployments) == set(SERVICES)
    for name, d in deployments.items():
        pod = d["spec"]["template"]["spec"]
        (c,) = pod["containers"]
        assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert {"cpu", "memory"} <= set(c["resources"]["requests"]) and {"cpu", "memory"} <= set(c["resources"]["limits"])
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert c["securityContext"]["readOnlyRootFilesystem"] is True
        assert hpas[name]["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
        assert pdbs[name]["spec"]["selector"]["matchLabels"] == d["spec"]["selector"]["matchLabels"]
        labels = d["spec"]["template"]["metadata"]["labels"]
        assert services[name]["spec"]["selector"].items() <= labels.items()
        assert f"--port\x00{tools.PORTS[name]}" in "\x00".join(c["command"])
        assert {"configMapRef": {"name": "merit-config"}} in c["envFrom"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_ingress_backends_exist(overlay: str) -> None:
    objs = rendered(overlay)
    services = of_kind(objs, "Service")
    (ing,) = of_kind(objs, "Ingress").values()
    backends = [p["backend"]["service"] for r in ing["spec"]["rules"] for p in r["http"]["paths"]]
    backends.append(ing["spec"]["defaultBackend"]["service"])
    for b in backends:
        ports = [p["port"] for p in services[b["name"]]["spec"]["ports"]]
        assert b["port"]["number"] in ports


def readme_settings() -> set[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_every_readme_setting_is_configured() -> None:
    objs = rendered("overlays/dev")
    config = of_kind(objs, "ConfigMap")["merit-config"]["data"]
    secrets = of_kind(objs, "Secret")["merit-secrets"]["stringData"]
    settings = readme_settings()
    assert len(settings) > 30
    missing = sorted(s for s in settings if s not in config and s not in secrets and s not in NOT_IN_CLUSTER)
    assert not missing, f"README settings with no place in deploy/: {missing}"
    assert not set(NOT_IN_CLUSTER) - settings, "an exemption names a setting the README no longer has"


def test_network_policies_deny_by_default_and_admit_ingress_and_peers() -> None:
    for overlay in OVERLAYS:
        objs = rendered(overlay)
        policies = of_kind(objs, "NetworkPolicy")
        assert policies["merit-default-deny"]["spec"] == {"podSelector": {}, "policyTypes": ["Ingress"]}
        svc = policies["merit-services"]["spec"]
        assert svc["podSelector"]["matchExpressions"][0]["values"] == list(SERVICES)
        sources = svc["ingress"][0]["from"]
        assert any(s.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name")
                   == "ingress-nginx" for s in sources)
        assert {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "merit"}}} in sources
        assert "merit-database" in policies


def test_prod_takes_the_database_from_cloudnativepg_and_commits_no_secret() -> None:
    objs = rendered("overlays/prod")
    assert not of_kind(objs, "Secret"), "production secrets are created by the operator, never committed"
    (cluster,) = of_kind(objs, "Cluster").values()
    assert cluster["apiVersion"] == "postgresql.cnpg.io/v1" and cluster["spec"]["instances"] >= 3
    assert cluster["spec"]["backup"]["barmanObjectStore"]["destinationPath"].startswith("s3://")
    (backup,) = of_kind(objs, "ScheduledBackup").values()
    assert backup["spec"]["cluster"]["name"] == cluster["metadata"]["name"]
    want = {"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": f"{cluster['metadata']['name']}-app", "key": "uri"}}}
    pods = [o["spec"]["template"]["spec"] for o in objs if o["kind"] in ("Deployment", "Job")]
    assert len(pods) == 5
    for pod in pods:
        assert want in pod["containers"][0]["env"]
    assert of_kind(objs, "ConfigMap")["merit-config"]["data"]["MERIT_ENV"] == "production"
    assert all(o["metadata"]["namespace"] == "merit" for o in objs)
    images = {c["image"] for p in pods for c in p["containers"]}
    assert images == {"registry.example.go.id/merit/merit:0.1.0"}


def test_migration_job_runs_the_real_migrations() -> None:
    (job,) = of_kind(rendered("overlays/dev"), "Job").values()
    assert job["spec"]["template"]["spec"]["containers"][0]["command"] == ["python", "-m", "merit_shared.stack", "migrate"]


def test_renderer_merges_named_lists_and_replaces_the_rest() -> None:
    base = {"containers": [{"name": "a", "env": [{"name": "X", "value": "1"}], "args": ["p"]}]}
    patch = {"containers": [{"name": "a", "env": [{"name": "Y", "value": "2"}], "args": ["q"]}, {"name": "b"}]}
    assert tools._merge(base, patch) == {"containers": [
        {"name": "a", "env": [{"name": "X", "value": "1"}, {"name": "Y", "value": "2"}], "args": ["q"]}, {"name": "b"}]}
