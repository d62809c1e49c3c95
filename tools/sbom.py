"""`python -m tools.sbom -o FILE`: the CycloneDX SBOM of everything the system runs on, transitive
packages included, never the development tools.

`cyclonedx-py environment` reads every installed package of this virtual environment (name,
version, licence, purl) offline, but it also lists the test and lint tools, and links a package to
the optional extras it declares whenever they happen to be installed (psycopg to pytest). So the
set and the graph are taken from the packages' own metadata instead: from each pin in
requirements.txt (with its extras) through every requirement whose marker holds here, to the end.
The SBOM keeps exactly those components, with that graph, the root depending on the pins; it is
validated against the CycloneDX 1.6 schema before it is written. Fails when a runtime package the
metadata requires is not installed (the environment does not match requirements.txt).
"""

import argparse
import json
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements.txt"


def pins(path: Path = REQUIREMENTS) -> list[Requirement]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith("-")]


def _wanted(requirement: Requirement, extras: frozenset[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in ("", *extras))


def runtime_graph(direct: list[Requirement]) -> dict[str, set[str]]:
    """Canonical package name -> the canonical names it requires here, for the closure of `direct`."""
    graph: dict[str, set[str]] = {}
    done: set[tuple[str, frozenset[str]]] = set()
    todo = [(canonicalize_name(req.name), frozenset(req.extras)) for req in direct]
    while todo:
        name, extras = todo.pop()
        if (name, extras) in done:
            continue
        done.add((name, extras))
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            raise SystemExit(f"sbom: {name} is required at run time but not installed") from None
        edges = graph.setdefault(name, set())
        for requirement in map(Requirement, requires):
            if _wanted(requirement, extras):
                edges.add(canonicalize_name(requirement.name))
                todo.append((canonicalize_name(requirement.name), frozenset(requirement.extras)))
    return graph


def environment_bom() -> dict:
    """Every installed package as cyclonedx-py sees this environment (offline)."""
    cli = Path(sys.executable).with_name("cyclonedx-py")
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "environment.cdx.json"
        command = [str(cli), "environment", sys.executable, "--pyproject", str(ROOT / "pyproject.toml")]
        command += ["--output-reproducible", "--no-validate", "-o", str(output)]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=300)  # noqa: S603 - our venv's tool
        return json.loads(output.read_text())


def runtime_bom(bom: dict, direct: list[Requirement]) -> dict:
    graph = runtime_graph(direct)
    refs = {canonicalize_name(c["name"]): c["bom-ref"] for c in bom["components"]}
    missing = sorted(set(graph) - set(refs))
    if missing:
        raise SystemExit(f"sbom: not in the environment's SBOM: {', '.join(missing)}")
    root = bom["metadata"]["component"]["bom-ref"]
    bom["components"] = [c for c in bom["components"] if canonicalize_name(c["name"]) in graph]
    bom["dependencies"] = [{"ref": root, "dependsOn": sorted(refs[canonicalize_name(r.name)] for r in direct)}]
    bom["dependencies"] += [
        {"ref": refs[name], "dependsOn": sorted(refs[edge] for edge in edges)} for name, edges in sorted(graph.items())
    ]
    return bom


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("-o", "--output", type=Path, required=True)
    output = parser.parse_args().output
    direct = pins()
    bom = runtime_bom(environment_bom(), direct)
    text = json.dumps(bom, indent=2, sort_keys=True)
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    if errors is not None:
        raise SystemExit(f"sbom: not valid CycloneDX 1.6: {errors}")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text + "\n")
    pinned = {canonicalize_name(r.name) for r in direct}
    transitive = len(bom["components"]) - len(pinned)
    print(f"sbom: {len(bom['components'])} packages ({len(pinned)} pinned, {transitive} transitive) -> {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
