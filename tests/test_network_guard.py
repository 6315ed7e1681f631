"""The suite's own promise: nothing in it can open a connection beyond loopback."""

from __future__ import annotations

import socket

import pytest


def test_a_connection_beyond_loopback_is_refused_before_any_packet_leaves() -> None:
    with socket.socket() as sock, pytest.raises(OSError, match="only connect to loopback"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: reserved, never routed


def test_loopback_connections_are_allowed(server: object) -> None:
    from mosaia.testing import SimulatorServer

    assert isinstance(server, SimulatorServer)
    with socket.create_connection(("127.0.0.1", server.port), timeout=2):
        pass
