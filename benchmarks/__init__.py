"""The benchmark runner (python -m benchmarks.run): real servers, real HTTP, printed figures."""
