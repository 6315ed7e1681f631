"""Benchmarks: the SDK measured side by side against raw urllib3 (the floor) and the peers a user
would otherwise reach for (requests + pydantic, httpx + pydantic), in one run, against one fast
loopback server, as ratios with targets.

``python -m benchmarks`` (or ``make bench``) runs the full suite and writes
``docs/benchmarks.md`` and ``docs/benchmarks.png``; ``--quick`` is a short smoke run. Nothing here
is imported by the SDK, and nothing here talks to anything but 127.0.0.1.
"""
