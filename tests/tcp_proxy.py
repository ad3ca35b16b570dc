"""A loopback TCP forwarder that a test can cut and restore, to lose a real database link."""

from __future__ import annotations

import contextlib
import socket
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._flowing = threading.Event()
        self._flowing.set()
        self._cut_marker: bytes | None = None

    def blackhole(self) -> None:
        """Keep every connection open but forward nothing: a link that died silently."""
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    def cut_after(self, marker: bytes) -> None:
        """The next time a client sends ``marker`` (e.g. the COMMIT query), pass that on to the
        server, then cut the link before the server's answer comes back: the client cannot
        know whether its statement took effect."""
        self._cut_marker = marker

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut every open one, like a pulled network cable."""
        self._flowing.set()  # let blocked pipes run into the closed sockets and end
        with self._lock:
            if self._listener is not None:
                # shutdown() wakes the thread blocked in accept(); close() alone would not.
                with contextlib.suppress(OSError):
                    self._listener.shutdown(socket.SHUT_RDWR)
                self._listener.close()
                self._listener = None
            for conn in self._conns:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            self._conns.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._conns += [client, upstream]
            for a, b, outgoing in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._pipe, args=(a, b, outgoing), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, outgoing: bool) -> None:
        try:
            while data := src.recv(65536):
                self._flowing.wait()
                marker = self._cut_marker
                if outgoing and marker is not None and marker in data:
                    self._cut_marker = None
                    # The client is cut first, then the server gets the whole statement and
                    # runs it; its answer meets the closed client in the other pipe, which
                    # closes the server's side then (closing it here could reset the
                    # connection before the server has read the statement). So no cleanup
                    # here: return past it.
                    with contextlib.suppress(OSError):
                        src.shutdown(socket.SHUT_RDWR)
                    dst.sendall(data)
                    return
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
