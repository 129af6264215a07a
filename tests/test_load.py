"""A bounded loopback load test of `eventfeed serve` (benchmarks/load_serve.py): no errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_two_thousand_requests_over_four_threads_without_an_error() -> None:
    script = REPO / "benchmarks" / "load_serve.py"
    command = [sys.executable, str(script), "--requests", "2000", "--threads", "4"]
    result = subprocess.run(
        [*command, "--max-seconds", "20"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^requests: 2000/2000 over 4 threads", result.stdout, re.MULTILINE)
    assert re.search(r"^statuses: 200: \d+, 304: \d+$", result.stdout, re.MULTILINE)
    assert "errors: 0" in result.stdout
