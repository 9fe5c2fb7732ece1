"""A small client of Streamlit's own websocket protocol (``/_stcore/stream``), so tests and the
load test (``perf/load_test.py``) can drive many sessions of the real server without a browser: a
session asks for a page with a query string, as a browser does when it opens a link, and collects
what the run sent until the server says it finished (``asyncio``: one event loop holds many
sessions). It speaks to a replica directly (``http://``) or through the TLS proxy (``https://``,
``deploy/``)."""

import asyncio
import ssl
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self
from urllib.parse import urlencode, urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Markdown_pb2 import Markdown
from streamlit.proto.MultiSelect_pb2 import MultiSelect
from streamlit.proto.Selectbox_pb2 import Selectbox
from websockets.asyncio.client import ClientConnection, connect

Query = dict[str, str | list[str]]


@dataclass
class Run:
    """What one request ran: the page (its URL path), how the run finished, every exception and
    error alert drawn, the warnings, the metric tiles (label: value) and captions drawn, the values
    its URL-bound select widgets showed (by query parameter), how many runs the server cut short
    to rerun by itself first (as ``st.navigation`` does when a new session opens a page other
    than the default), when it was asked for (``time.monotonic()``) and how long it all took."""

    requested: str
    query: Query
    page: str | None = None
    status: str | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)
    captions: list[str] = field(default_factory=list)
    selected: dict[str, list[str]] = field(default_factory=dict)
    superseded: int = 0
    started: float = 0.0
    seconds: float = 0.0

    @property
    def filters_applied(self) -> bool:
        """Every query parameter asked for is what its bound widget shows."""
        return all(self.selected.get(key) == ([value] if isinstance(value, str) else value)
                   for key, value in self.query.items())

    @property
    def ok(self) -> bool:
        """The requested page ran to the end and drew no exception or error."""
        return (self.status == "FINISHED_SUCCESSFULLY" and not self.errors
                and self.page == self.requested)


class Session:
    """One browser-like session: ``async with Session(url) as session: await session.run(...)``.

    Every run sends the whole URL (page and query string) as browser history navigation does,
    so the URL decides the filters even where the session already holds other values. An
    ``https://`` URL is reached over TLS with ``tls`` (default: the system's certificates), and
    ``headers`` go with the opening request (a cookie, say). ``replied`` holds the headers of the
    server's answer to it (a proxy says there which replica it chose)."""

    def __init__(self, url: str, *, tls: ssl.SSLContext | None = None,
                 headers: dict[str, str] | None = None) -> None:
        parts = urlsplit(url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self._stream = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self._tls = tls if scheme == "wss" else None
        self._headers = headers or {}
        self._socket: ClientConnection | None = None
        self.replied: dict[str, str] = {}

    async def __aenter__(self) -> Self:
        # No size limit: a run's messages carry whole tables (Streamlit allows 200 MB).
        self._socket = await connect(self._stream, subprotocols=["streamlit"], max_size=None,
                                     ssl=self._tls, additional_headers=self._headers)
        assert self._socket.response is not None
        self.replied = {name.lower(): value
                        for name, value in self._socket.response.headers.raw_items()}
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        assert self._socket is not None
        await self._socket.close()

    async def run(self, page: str = "", query: Query | None = None) -> Run:
        """Run ``page`` (its URL path, "" for the default page) with ``query`` and wait for the
        server's last ``script_finished`` (after any rerun the server starts by itself)."""
        assert self._socket is not None
        run = Run(requested=page, query=query or {})
        back = BackMsg()
        back.rerun_script.page_name = page
        back.rerun_script.query_string = urlencode(run.query, doseq=True)
        back.rerun_script.is_history_navigation = True
        run.started = time.monotonic()
        await self._socket.send(back.SerializeToString())
        while run.status is None:
            message = ForwardMsg()
            message.ParseFromString(await self._socket.recv(decode=False))
            _record(message, run)
        run.seconds = time.monotonic() - run.started
        return run


def _record(message: ForwardMsg, run: Run) -> None:
    """Add what ``message`` says about the run to ``run``."""
    kind = message.WhichOneof("type")
    if kind == "script_finished" and message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
        run.superseded += 1
        for drawn in (run.selected, run.metrics, run.warnings, run.captions):
            drawn.clear()
    elif kind == "script_finished":
        run.status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
    elif kind == "page_not_found":
        run.errors.append(f"page not found: {message.page_not_found.page_name!r}")
    elif kind == "navigation":
        run.page = next((page.url_pathname for page in message.navigation.app_pages
                         if page.page_script_hash == message.navigation.page_script_hash), None)
    elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        element = message.delta.new_element
        shown = element.WhichOneof("type")
        if shown == "exception":
            run.errors.append(f"{element.exception.type}: {element.exception.message}")
        elif shown == "alert" and element.alert.format == Alert.ERROR:
            run.errors.append(f"error: {element.alert.body}")
        elif shown == "alert" and element.alert.format == Alert.WARNING:
            run.warnings.append(element.alert.body)
        elif shown == "metric":
            run.metrics[element.metric.label] = element.metric.body
        elif shown == "markdown" and element.markdown.element_type == Markdown.CAPTION:
            run.captions.append(element.markdown.body)
        elif shown in ("selectbox", "multiselect"):
            widget = getattr(element, shown)
            if widget.query_param_key:
                run.selected[widget.query_param_key] = _selected(widget)


def _selected(widget: Selectbox | MultiSelect) -> list[str]:
    """The options a select widget shows as chosen: the value the server set (from the URL),
    else its default."""
    if isinstance(widget, Selectbox):
        return [widget.raw_value] if widget.set_value else [widget.options[widget.default]]
    return (list(widget.raw_values) if widget.set_value
            else [widget.options[index] for index in widget.default])


async def visit(url: str, steps: list[tuple[str, Query]], timeout: float) -> list[Run]:
    """One session running each ``(page, query)`` in turn; gives up on a run after
    ``timeout`` seconds (``TimeoutError``, with a note of the run)."""
    async with Session(url) as session:
        runs: list[Run] = []
        for page, query in steps:
            try:
                async with asyncio.timeout(timeout):
                    runs.append(await session.run(page, query))
            except Exception as error:
                error.add_note(f"running /{page} with {query} after {len(runs)} finished runs")
                raise
        return runs
