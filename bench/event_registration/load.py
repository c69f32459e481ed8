"""A bounded load generator: ``count`` requests, ``concurrency`` in flight at all times.

Two clients:

* ``raw``: HTTP/1.1 written by hand on asyncio streams, one connection per request
  (``Connection: close``, what gunicorn's sync workers do anyway). About a tenth of
  httpx's CPU per request, so on a 2-core machine shared with the server the client
  takes as little as possible from it.
* ``httpx``: ``httpx.AsyncClient`` with a pool of ``concurrency`` keep-alive connections.

Each result records when the request was sent and answered, its status and JSON body.
The client's own CPU time is measured so a report can say it was not the bottleneck.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx


@dataclass
class Result:
    index: int
    sent: float
    answered: float
    status: int
    body: object = None
    error: str = ""

    @property
    def seconds(self) -> float:
        return self.answered - self.sent


@dataclass
class Rush:
    results: list[Result]
    started: float
    finished: float
    client_cpu: float
    client: str
    concurrency: int
    notes: list[str] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return self.finished - self.started


# A request: (method, path, headers, body); built per index. The body is sent as JSON, or
# as it is when it is bytes (give the Content-Type in the headers), or not at all if None.
Request = tuple[str, str, dict[str, str], object]


async def _raw(host: str, port: int, request: Request, timeout: float) -> tuple[int, object]:
    method, path, headers, payload = request
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    body = b"" if payload is None else body
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if payload is not None:
        if not isinstance(payload, bytes):
            lines.append("Content-Type: application/json")
        lines.append(f"Content-Length: {len(body)}")
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _sep, content = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    if any(h.lower().replace(" ", "") == "transfer-encoding:chunked" for h in header_lines):
        content = _unchunk(content)
    try:
        return status, json.loads(content) if content else None
    except ValueError:
        return status, content[:200].decode("utf-8", "replace")


def _unchunk(data: bytes) -> bytes:
    out, rest = b"", data
    while rest:
        size_line, _sep, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out, rest = out + rest[:size], rest[size + 2 :]
    return out


async def _run(
    base: str,
    build: Callable[[int], Request],
    count: int,
    concurrency: int,
    client: str,
    timeout: float,
    deadline: float,
    interval: float,
) -> Rush:
    host, port = base.removeprefix("http://").split(":")
    port = int(port)
    results: list[Result] = []
    next_index = iter(range(count))
    pool = None
    if client == "httpx":
        pool = httpx.AsyncClient(
            base_url=base,
            timeout=timeout,
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        )

    async def one(index: int) -> Result:
        method, path, headers, payload = request = build(index)
        sent = time.perf_counter()
        try:
            if pool is None:
                status, body = await _raw(host, port, request, timeout)
            else:
                if isinstance(payload, bytes):
                    response = await pool.request(method, path, headers=headers, content=payload)
                else:
                    response = await pool.request(method, path, headers=headers, json=payload)
                status = response.status_code
                try:
                    body = response.json()
                except ValueError:
                    body = response.text[:200]
            return Result(index, sent, time.perf_counter(), status, body)
        except (OSError, TimeoutError, httpx.HTTPError, ValueError, IndexError) as exc:
            return Result(index, sent, time.perf_counter(), 0, None, f"{type(exc).__name__}: {exc}")

    async def worker(number: int) -> None:
        # Paced clients start spread over one interval and send at most one request per
        # interval each (a person at a door scans one ticket at a time).
        await asyncio.sleep(interval * number / concurrency)
        for index in next_index:
            if time.perf_counter() > deadline:
                return
            result = await one(index)
            results.append(result)
            await asyncio.sleep(max(0.0, interval - result.seconds))

    cpu = time.process_time()
    started = time.perf_counter()
    try:
        await asyncio.gather(*(worker(number) for number in range(concurrency)))
    finally:
        if pool is not None:
            await pool.aclose()
    finished = time.perf_counter()
    return Rush(
        results=sorted(results, key=lambda r: r.index),
        started=started,
        finished=finished,
        client_cpu=time.process_time() - cpu,
        client=client,
        concurrency=concurrency,
    )


def rush(
    base: str,
    build: Callable[[int], Request],
    *,
    count: int,
    concurrency: int,
    client: str = "raw",
    timeout: float = 60.0,
    max_seconds: float = 300.0,
    interval: float = 0.0,
) -> Rush:
    """Send ``count`` requests (``build(i)`` makes the i-th), ``concurrency`` at a time,
    each client as fast as it is answered or, with ``interval``, once per interval.

    Bounded twice: each request by ``timeout``, the whole rush by ``max_seconds`` (requests
    not started by then are not sent, and show up as missing in the results).
    """
    deadline = time.perf_counter() + max_seconds
    return asyncio.run(_run(base, build, count, concurrency, client, timeout, deadline, interval))
