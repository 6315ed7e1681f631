"""Scenario 10: a 200 MB file up to and down from the simulator's storage origin.

The simulator (``python -m mosaia.testing.server``) runs in a process of its own, as the
benchmark server does, so the client's GIL and ``tracemalloc`` see the client alone; its
storage origin is a second loopback port, reached through presigned URLs as a real platform's.
Each round moves the file once per contender, the order alternating. An upload is the platform's
protocol for both contenders: the announce carries the file's bytes (a multipart POST to the
API), then the same bytes are PUT to storage, so each sends the file twice, both timed. Only a
raw download's URL is asked for before the clock starts. Peak Python memory of the SDK paths
is taken in one extra traced run each, since ``tracemalloc`` slows the allocations it watches.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

import urllib3
from returns.result import Success

from benchmarks.harness import ServerProcess, Stats, Usage
from benchmarks.plan import Plan
from benchmarks.results import Row, Scenario, Target, fmt
from mosaia import Mosaia, MosaiaConfig, files

MB = 1024 * 1024
SIZE = 200 * MB
SDK_UP = "mosaia files.upload (announce with the bytes + PUT + completion)"
RAW_UP = "raw urllib3 multipart POST streaming the file, then PUT body=open file"
SDK_DOWN = "mosaia files.download (redirect + GET, to a file)"
RAW_DOWN = "raw urllib3 GET, read 1 MB at a time to a file"
#: The issue's promise: the SDK moves the bytes at least this fast, relative to raw urllib3.
RATIO = 0.9
#: "Flat" memory: what the SDK holds at its peak while moving 200 MB.
MEMORY_CAP = 16 * MB


class Simulated:
    """The served simulator in a subprocess; a context manager. Stopped with SIGINT, so it
    deletes the blobs its storage kept on disk."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None = None
        self.url = ""
        self.api_key = ""

    def __enter__(self) -> Simulated:
        command = [sys.executable, "-m", "mosaia.testing.server", "--port", "0"]
        self._proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        for _ in range(3):
            line = self._proc.stdout.readline().strip()
            if line.startswith("export MOSAIA_BASE_URL="):
                self.url = line.partition("=")[2]
            elif line.startswith("export MOSAIA_API_KEY="):
                self.api_key = line.partition("=")[2]
        if not self.url or not self.api_key:
            self.close()
            raise RuntimeError("the simulator did not start")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def cpu(self) -> float:
        """CPU seconds the simulator has used so far (0.0 where /proc cannot tell)."""
        if self._proc is None:
            return 0.0
        try:
            fields = Path(f"/proc/{self._proc.pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        """Stop the simulator (its storage removes its blobs on the way out)."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGINT)
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()


class _Timed:
    """One contender: MB/s per round, and the CPU both processes spent while it ran."""

    def __init__(self, label: str, prepare: Callable[[], Callable[[], None]]) -> None:
        self.label, self.prepare = label, prepare
        self.rates: list[float] = []
        self.wall = self.client_cpu = self.server_cpu = 0.0

    def once(self, sim: Simulated) -> None:
        act = self.prepare()  # untimed: announcing, asking for a URL, removing the last copy
        # Every transfer writes 200 MB to disk (storage's blob, or the downloaded copy): without
        # flushing first, whoever runs next pays for the previous one's dirty pages.
        os.sync()
        gc.collect()
        server, cpu, started = sim.cpu(), time.process_time(), time.perf_counter()
        act()
        seconds = time.perf_counter() - started
        self.client_cpu += time.process_time() - cpu
        self.server_cpu += sim.cpu() - server
        self.wall += seconds
        self.rates.append(SIZE / MB / seconds)

    def usage(self) -> Usage:
        wall = self.wall or 1.0
        return Usage(client=self.client_cpu / wall, server=self.server_cpu / wall)


def large_files(_server: ServerProcess, plan: Plan) -> Scenario:
    """Scenario 10: 200 MB up and down, the SDK against raw urllib3 on the same bytes."""
    rounds = max(5, plan.scale_rounds)
    with tempfile.TemporaryDirectory(prefix="mosaia-bench-") as folder, Simulated() as sim:
        source = Path(folder) / "big.bin"
        _write(source)
        client = Mosaia(MosaiaConfig(api_key=sim.api_key, base_url=sim.url))
        pool = urllib3.PoolManager(maxsize=2, retries=False)
        try:
            made = client.drives.create(name="bench").unwrap()
            drive = made.id or ""
            contenders = _contenders(client, pool, sim, drive, source, Path(folder))
            for contender in contenders:
                contender.once(sim)  # warm: connections, imports, the page cache
                contender.rates.clear()
                contender.wall = contender.client_cpu = contender.server_cpu = 0.0
            for round_no in range(rounds):
                for pair in (contenders[:2], contenders[2:]):
                    for contender in pair if round_no % 2 == 0 else pair[::-1]:
                        contender.once(sim)
            peak_up = _peak(lambda: _sdk_upload(client, drive, source))
            item = _item(client, drive)
            peak_down = _peak(lambda: _sdk_download(client, drive, item, Path(folder) / "t.bin"))
        finally:
            pool.clear()
            client.close()
    return _scenario(contenders, peak_up, peak_down, rounds)


def _contenders(
    client: Mosaia,
    pool: urllib3.PoolManager,
    sim: Simulated,
    drive: str,
    source: Path,
    folder: Path,
) -> list[_Timed]:
    sdk_copy, raw_copy = folder / "sdk-copy.bin", folder / "raw-copy.bin"

    def sdk_up() -> Callable[[], None]:
        return lambda: _sdk_upload(client, drive, source)

    def raw_up() -> Callable[[], None]:
        return lambda: _raw_upload(pool, sim, drive, source)

    def sdk_down() -> Callable[[], None]:
        item = _item(client, drive)
        sdk_copy.unlink(missing_ok=True)
        return lambda: _sdk_download(client, drive, item, sdk_copy)

    def raw_down() -> Callable[[], None]:
        where = f"{sim.url}/v1/drive/{drive}/item/{_item(client, drive)}/download"
        auth = {"Authorization": f"Bearer {sim.api_key}"}
        url = pool.request("GET", where, headers=auth, redirect=False).headers["Location"]
        raw_copy.unlink(missing_ok=True)

        def get() -> None:
            answer = pool.request("GET", url, preload_content=False, redirect=False)
            got = 0
            with open(raw_copy, "wb") as out:
                while piece := answer.read(files.CHUNK):
                    out.write(piece)
                    got += len(piece)
            answer.release_conn()
            if answer.status != 200 or got != SIZE:
                raise RuntimeError(f"raw GET answered {answer.status} with {got} bytes")

        return get

    return [
        _Timed(SDK_UP, sdk_up),
        _Timed(RAW_UP, raw_up),
        _Timed(SDK_DOWN, sdk_down),
        _Timed(RAW_DOWN, raw_down),
    ]


def _raw_upload(pool: urllib3.PoolManager, sim: Simulated, drive: str, source: Path) -> None:
    # The same protocol by hand: a multipart announce streaming the file (head, the file a
    # megabyte at a time, tail; its length known up front), then the PUT of the same file.
    boundary = "raw-" + os.urandom(16).hex()
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        f'filename="{source.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    tail = (
        f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="path"\r\n\r\n/'
        f"\r\n--{boundary}--\r\n"
    ).encode()

    def body() -> Iterator[bytes]:
        yield head
        with open(source, "rb") as handle:
            while piece := handle.read(MB):
                yield piece
        yield tail

    headers = {
        "Authorization": f"Bearer {sim.api_key}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(len(head) + SIZE + len(tail)),
    }
    where = f"{sim.url}/v1/drive/{drive}/item"
    answer = pool.request("POST", where, body=body(), headers=headers, redirect=False)
    if answer.status != 200:
        raise RuntimeError(f"raw announce answered {answer.status}")
    target = json.loads(answer.data)["data"]["files"][0]
    if target["size"] != SIZE:
        raise RuntimeError(f"raw announce sized the job {target['size']}, not {SIZE}")
    with open(source, "rb") as file:
        headers = {"Content-Type": target["mime_type"], "Content-Length": str(SIZE)}
        url = target["presigned_url"]
        put = pool.request("PUT", url, body=file, headers=headers, redirect=False)
    if put.status != 200:
        raise RuntimeError(f"raw PUT answered {put.status}")


def _write(path: Path) -> None:
    # A megabyte at a time, each numbered, so no layer can get away with a repeated piece.
    block = os.urandom(MB)
    with open(path, "wb") as out:
        for n in range(SIZE // MB):
            out.write(n.to_bytes(8, "big") + block[8:])


def _sdk_upload(client: Mosaia, drive: str, source: Path) -> None:
    [result] = files.upload(client, drive, [source])
    job = result.unwrap()
    if job.status != "COMPLETED":
        raise RuntimeError(f"the SDK's upload ended {job.status}")


def _sdk_download(client: Mosaia, drive: str, item: str, destination: Path) -> None:
    done = files.download(client, drive, item, destination)
    if not isinstance(done, Success) or done.unwrap().size != SIZE:
        raise RuntimeError(f"the SDK's download failed: {done!r}")


def _item(client: Mosaia, drive: str) -> str:
    # Any stored copy of the file: every upload of a round left one.
    for item in client.drive_items.under(drive=drive).iterate():
        found = item.unwrap()
        if found.id and found.size == SIZE:
            return found.id
    raise RuntimeError("no uploaded copy of the file is in the drive")


def _peak(act: Callable[[], None]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        act()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / MB


def _scenario(contenders: list[_Timed], peak_up: float, peak_down: float, rounds: int) -> Scenario:
    rows: list[Row] = []
    ratios: list[Stats] = []
    sdk_up, raw_up, sdk_down, raw_down = contenders
    for sdk, raw, peak in ((sdk_up, raw_up, peak_up), (sdk_down, raw_down, peak_down)):
        ratio = Stats.of([a / b for a, b in zip(sdk.rates, raw.rates, strict=True)])
        ratios.append(ratio)
        note = f"peak traced Python memory {peak:.1f} MB"
        rows.append(Row(sdk.label, Stats.of(sdk.rates), "MB/s", ratio, sdk.usage(), note))
        rows.append(Row(raw.label, Stats.of(raw.rates), "MB/s", None, raw.usage()))
    up, down = ratios
    top = max(peak_up, peak_down)
    return Scenario(
        key="10",
        title="200 MB upload and download (streamed, bounded memory)",
        reference="raw urllib3 moving the same bytes (ratio = the SDK's MB/s over raw's)",
        rows=rows,
        targets=[
            Target(
                text=f"upload ≥ {RATIO} of raw urllib3",
                measured=f"{up.median:.2f}x ({up.low:.2f} to {up.high:.2f})",
                met=up.median >= RATIO,
            ),
            Target(
                text=f"download ≥ {RATIO} of raw urllib3",
                measured=f"{down.median:.2f}x ({down.low:.2f} to {down.high:.2f})",
                met=down.median >= RATIO,
            ),
            Target(
                text=f"peak memory flat (≤ {MEMORY_CAP // MB} MB traced while moving 200 MB)",
                measured=f"upload {fmt(peak_up)} MB, download {fmt(peak_down)} MB",
                met=top * MB <= MEMORY_CAP,
            ),
        ],
        note=(
            f"One 200 MB (2^20-byte MB) file, {rounds} interleaved rounds, one transfer per "
            "contender per round. The simulator and its storage origin run in their own process; "
            "both read bodies in pieces (the API's multipart reader counts a form's parts as they "
            "arrive; storage streams to disk). An upload sends the file's bytes twice, as the "
            "platform's protocol has it: in the announce (a multipart POST to the API, which "
            "sizes the job from them) and in the PUT to storage (MB/s counts the file once). "
            "Timed: the SDK's whole upload "
            "(the announce streaming the file, the streamed PUT, the completion check) against "
            "raw urllib3 doing the same (a multipart POST streaming the file from a generator, "
            "then the PUT of the open file), and the SDK's whole download (the API's redirect, "
            "the storage GET, writing to disk; SHA-256 is opt-in and not asked for) against the "
            "raw GET of the same storage URL, asked for before the clock starts. So the SDK's "
            "upload carries one API round trip (the completion check) and its download two that "
            "the raw rows do not. Peak memory is tracemalloc's, in one extra run of each SDK "
            "path. Uploads are bound by the simulator (its multipart reader and storage server, "
            "at about a core for both contenders); downloads run at loopback and page-cache speed"
            " (over 1 GB/s); a SHA-256 (download(..., checksum=True)) would cost about 0.12 s for "
            "200 MB here, so it is off unless asked. Each transfer starts after os.sync(); the "
            "spread is the disk's."
        ),
    )
