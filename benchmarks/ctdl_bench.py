"""Converting a 10,000-record CTDL graph (docs/convert-ctdl.md).

The graph is made by repeating real records with new ids: a learning opportunity of the
Credential Engine registry (tests/data/ctdl/registry/learning_opportunity_profile.json,
"Bachelor of Arts in Sociology Coursework", 44 semester hours) as courses, a registry
certificate ("U.S. Air Force Biomedical Equipment Technician") as credentials, and the
transfer-value profile of tests/data/ctdl/transfer/transfer-board.json (3 semester hours,
lower division) as articulation rules from those credentials, all owned by one
organisation. Prints the median of the conversion, of writing the TOML and of loading
that TOML back, over a few runs. A benchmark, not a test: machines are shared and noisy.

    python benchmarks/ctdl_bench.py [--records 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from credstack.convert.ctdl import convert_ctdl
from credstack.store.catalogue_loader import load_region_with_problems
from credstack.store.toml_writer import document_text

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "ctdl"
OWNER = "https://example.org/resources/ce-00000000-0000-4000-8000-000000000000"


def ctid(kind: str, index: int) -> str:
    return f"ce-{uuid.uuid5(uuid.NAMESPACE_URL, f'credstack-bench/{kind}/{index}')}"


def renamed(record: dict[str, Any], kind: str, index: int) -> dict[str, Any]:
    copied = copy.deepcopy(record)
    new = ctid(kind, index)
    copied["@id"] = f"https://example.org/resources/{new}"
    copied["ceterms:ctid"] = new
    copied["ceterms:ownedBy"] = [{"@id": OWNER}]
    copied.pop("ceterms:offeredBy", None)
    return copied


def graph(records: int) -> dict[str, Any]:
    """A registry `@graph` envelope of `records` records (60% courses, 20% credentials,
    20% transfer values), plus the owning organisation."""
    courses = json.loads((DATA / "registry" / "learning_opportunity_profile.json").read_text())
    course = next(r for r in courses if r.get("ceterms:creditHourValue"))
    certificates = json.loads((DATA / "registry" / "credentials.json").read_text())
    certificate = next(r for r in certificates if "Biomedical" in r.get("ceterms:name", ""))
    board = json.loads((DATA / "transfer" / "transfer-board.json").read_text())["@graph"]
    value = board[1]
    organisation = {
        "@id": OWNER,
        "@type": "ceterms:CredentialOrganization",
        "ceterms:name": {"en-US": "Benchmark College"},
        "ceterms:address": [{"@type": "ceterms:Place", "ceterms:addressCountry": "US"}],
    }
    items: list[dict[str, Any]] = [organisation]
    n_courses, n_credentials = records * 6 // 10, records * 2 // 10
    for index in range(n_courses):
        record = renamed(course, "course", index)
        record["ceterms:codedNotation"] = f"SOC{index:05d}"
        items.append(record)
    for index in range(n_credentials):
        items.append(renamed(certificate, "credential", index))
    for index in range(records - n_courses - n_credentials):
        record = renamed(value, "value", index)
        source = ctid("credential", index % n_credentials)
        record["ceterms:transferValueFrom"] = [f"https://example.org/resources/{source}"]
        items.append(record)
    return {"@context": "https://credreg.net/ctdl/schema/context/json", "@graph": items}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "graph.json"
        source.write_text(json.dumps(graph(args.records)))
        catalogue = Path(folder) / "out" / "bench.toml"
        catalogue.parent.mkdir()
        times: dict[str, list[float]] = {"convert": [], "write TOML": [], "load TOML": []}
        for _ in range(args.repeat):
            start = time.perf_counter()
            conversion = convert_ctdl([source])
            converted = time.perf_counter()
            catalogue.write_text(document_text(conversion.catalogue))
            written = time.perf_counter()
            _, problems = load_region_with_problems(catalogue.parent)
            loaded = time.perf_counter()
            assert not [p for p in problems if p.severity == "error"], problems[:3]
            times["convert"].append(converted - start)
            times["write TOML"].append(written - converted)
            times["load TOML"].append(loaded - written)
        tables = {k: len(v) for k, v in conversion.catalogue.items() if isinstance(v, list)}
        size = source.stat().st_size / 1e6
        print(
            f"{args.records} CTDL records ({size:.1f} MB JSON) -> {tables}, "
            f"{len(conversion.warnings)} warnings"
        )
        for step, samples in times.items():
            print(
                f"  {step:<11} median {statistics.median(samples):6.2f} s over {len(samples)} runs"
            )


if __name__ == "__main__":
    main()
