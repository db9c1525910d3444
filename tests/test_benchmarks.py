"""The benchmark scripts run as ``python benchmarks/NAME.py``, which puts their folder first on ``sys.path``."""

import pathlib
import sys

BENCHMARKS = pathlib.Path(__file__).parents[1] / "benchmarks"


def test_no_benchmark_hides_a_standard_module():
    # benchmarks/statistics.py once hid the standard statistics module from every other benchmark.
    scripts = {path.stem for path in BENCHMARKS.glob("*.py")}
    assert scripts, "no benchmark scripts found"
    assert sorted(scripts & sys.stdlib_module_names) == []
