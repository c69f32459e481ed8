"""Pure algorithms (no Django imports): reviewer assignment, matching, scheduling.

Each module takes plain data (dicts, dataclasses, NumPy arrays) and returns plain data, so
the web app, the command line, the tests and the benchmarks call the same code.
"""
