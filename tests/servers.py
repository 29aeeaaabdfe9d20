"""Servers that tests start in processes of their own: free ports, readiness and clean-up."""

import http.client
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path="/healthz", timeout=1.0):
    """The status of GET `path`, or None when no answer comes within `timeout` seconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except TimeoutError:
        return None
    finally:
        connection.close()


@contextmanager
def started(args, log, **options):
    """A process started with `args`, ended when the block ends; its output goes to `log`."""
    with log.open("w") as output:
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT, **options)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running(args, log, port, **options):
    """A server process started with `args`, once it answers on `port`; its output goes to `log`."""
    with started(args, log, **options) as process:
        wait_until_answering(port, process, log)
        yield


def wait_until_answering(port, process, log, seconds=15):
    """Until GET /healthz on `port` says 200; fails when `process` stops or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{process.args[0]} stopped: {log.read_text()}"
        try:
            if get(port) == 200:
                return
        except ConnectionError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{process.args[0]} did not answer on port {port} within {seconds} s.")
