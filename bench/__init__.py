"""On-demand benchmarks (python -m bench.run); not part of the test run."""
