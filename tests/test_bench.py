"""The performance harness (`make bench`) still runs end to end, on tiny data."""

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def row(results, title):
    """The cells of the results table row that starts with `title`."""
    line = next(line for line in results.splitlines() if line.startswith(f"| {title} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_bench_smoke_measures_all_three_implementations(tmp_path, postgresql_url):
    """`bench/run.py --smoke` bakes, seeds, serves the baked project, the hand-written app and
    flask-peewee, measures each workload, counts queries and writes the results file; on
    PostgreSQL when TEST_DATABASE_URL is set, as CI does."""
    output = tmp_path / "RESULTS.md"
    environment = {key: value for key, value in os.environ.items() if key != "TEST_DATABASE_URL"}
    if postgresql_url:
        environment["TEST_DATABASE_URL"] = postgresql_url
    result = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--smoke", "--output", str(output)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    results = output.read_text()
    for heading in ("## Throughput and latency", "## Queries per request", "## Targets"):
        assert heading in results
    # The reference implementations serve every API and admin workload they offer.
    baked, handwritten, peer = row(results, "API list (limit 20, user expanded)")[1:4]
    assert float(handwritten.replace(",", "")) > 0
    assert float(peer.replace(",", "")) > 0
    assert float(baked.replace(",", "")) > 0
    backend = "PostgreSQL" if postgresql_url else "SQLite"
    assert f"messages, {backend}" in results
    # The pages only the baked project and the hand-written app have are measured on both.
    for title in (
        "Site wall (/)",
        "Admin list with a search",
        "Admin list with a filter",
        "Admin list, staff user with permissions",
        "Admin edit page",
        "Admin user page with inline messages",
        "Admin export, every message as CSV",
    ):
        baked, handwritten = row(results, title)[1:3]
        assert float(baked.replace(",", "")) > 0, title
        assert float(handwritten.replace(",", "")) > 0, title
    assert "## Worker memory" in results
