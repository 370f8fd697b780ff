"""A Streamlit client without a browser: speaks the app's websocket protocol from Python.

One `StClient` is one browser tab: it connects to ws://127.0.0.1:PORT/_stcore/stream the way
Streamlit's frontend does (subprotocols ``["streamlit", <xsrf or placeholder>]``), sends
`BackMsg.rerun_script` with a `ClientState` (page script hash, query string, widget states)
and reads `ForwardMsg`s until the run ends with `script_finished`. Each run starts with a
`new_session` message; the deltas that follow are the screen, kept by delta path. A script's
own `st.rerun()` / `st.switch_page()` ends a run with FINISHED_EARLY_FOR_RERUN and the server
starts the next one itself, so a *page run* here is: request sent → the first run that
finishes successfully (what the user waits for).

Like the browser's widget manager, the client only sends the values the user changes in an
action (the server keeps the others in session state), plus a trigger for a clicked button;
form widgets are sent together with their submit button.

The cookie component (extra_streamlit_components' CookieManager, used by
streamlit-authenticator) runs JavaScript in a browser and sends its result back, which starts
another run. `pending_echoes` does the same from a small cookie jar, so the server sees the
runs a browser would cause: checked against chromium's websocket frames, a browser sends one
extra run after the first page load, after logging in (set, then getAll), after logging out
(delete, getAll) and after every change of page (the component's iframe is mounted again).

Only ever pointed at 127.0.0.1 by the load test.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
COOKIE_COMPONENT = "extra_streamlit_components.CookieManager.cookie_manager"


class ProtocolError(Exception):
    """The server said something the client cannot follow (closed socket, compile error…)."""


class RunTimeout(Exception):
    """No successful `script_finished` within the time limit."""


@dataclass
class Element:
    path: tuple[int, ...]
    kind: str            # the Element oneof name: text_input, button, alert, …
    proto: Any

    @property
    def id(self) -> str:
        return getattr(self.proto, "id", "")

    @property
    def label(self) -> str:
        return getattr(self.proto, "label", "")

    @property
    def key(self) -> str:
        """The user key a keyed widget's id ends with ("$$ID-<hash>-<key>")."""
        return self.id.rsplit("-", 1)[-1] if self.id.startswith("$$ID-") else ""


@dataclass
class Screen:
    """What one script run drew, by delta path (later deltas replace earlier ones)."""
    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)

    def __iter__(self):
        return iter(sorted(self.elements.values(), key=lambda e: e.path))

    def all(self, kind: str) -> list[Element]:
        return [e for e in self if e.kind == kind]

    def find(self, kind: str | tuple[str, ...], *, key: str | None = None, label: str | None = None,
             form: str | None = None, submit: bool | None = None) -> Element | None:
        kinds = (kind,) if isinstance(kind, str) else kind
        for e in self:
            if e.kind not in kinds:
                continue
            if key is not None and e.key != key:
                continue
            if label is not None and e.label != label:
                continue
            if form is not None and getattr(e.proto, "form_id", None) != form:
                continue
            if submit is not None and bool(getattr(e.proto, "is_form_submitter", False)) != submit:
                continue
            return e
        return None

    def need(self, kind: str | tuple[str, ...], **kw) -> Element:
        e = self.find(kind, **kw)
        if e is None:
            raise LookupError(f"no {kind} {kw} on the page; alerts: {self.alerts()}")
        return e

    def alerts(self, fmt: int | None = None) -> list[str]:
        return [e.proto.body for e in self.all("alert") if fmt is None or e.proto.format == fmt]

    def errors(self) -> list[str]:
        return self.alerts(Alert.ERROR)

    def exceptions(self) -> list[str]:
        return [f"{e.proto.type}: {e.proto.message}" for e in self.all("exception")]

    def text(self) -> str:
        parts = []
        for e in self:
            for attr in ("body", "label"):
                value = getattr(e.proto, attr, None)
                if isinstance(value, str) and value:
                    parts.append(value)
        return "\n".join(parts)


@dataclass
class Run:
    """One page run as the user sees it."""
    seconds: float
    screen: Screen
    script_runs: int                     # including the script's own reruns / page switches
    page_hash: str
    query: str


def state(element: Element, value: Any, kind: str | None = None) -> WidgetState:
    """A widget's new value in the form its frontend widget sends it."""
    w = WidgetState(id=element.id)
    kind = kind or element.kind
    if kind == "button":
        w.trigger_value = bool(value)
    elif kind in ("text_input", "text_area", "radio", "selectbox", "time_input", "color_picker"):
        if value is not None:
            w.string_value = str(value)        # radio/selectbox: the formatted option label
    elif kind == "date_input":
        w.string_array_value.data.extend([value] if isinstance(value, str) else list(value))
    elif kind == "multiselect":
        w.string_array_value.data.extend(list(value))
    elif kind in ("checkbox", "toggle"):
        w.bool_value = bool(value)
    elif kind == "number_input":
        w.double_value = float(value)
    elif kind == "component_instance":
        w.json_value = json.dumps(value)
    else:
        raise ValueError(f"no value mapping for {kind}")
    return w


class StClient:
    def __init__(self, port: int, *, timeout: float = 30.0, tz: str = "Europe/Stockholm",
                 locale: str = "sv-SE"):
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"   # localhost only, by design
        self.timeout = timeout
        self.tz = tz
        self.locale = locale
        self.ws = None
        self.page_hash = ""
        self.query = ""
        self.pages: dict[str, str] = {}          # page name ("Arenden") -> script hash
        self.main_hash = ""
        self.screen = Screen()
        self.cookies: dict[str, str] = {}        # what the cookie component would see
        self.http_cookies: dict[str, str] = {}   # HttpOnly ones set by the server (nginx's node)
        self._echoed: dict[str, str] = {}        # component id -> last value it sent
        self.session_id = ""

    # ------------------------------------------------------------------ connection
    async def connect(self) -> None:
        headers = {}
        jar = {**self.cookies, **self.http_cookies}
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        try:
            self.ws = await websockets.connect(
                self.url, subprotocols=["streamlit", "PLACEHOLDER_AUTH_TOKEN"],
                additional_headers=headers or None, max_size=None, open_timeout=self.timeout,
                ping_interval=20, ping_timeout=60, close_timeout=5)
        except websockets.exceptions.WebSocketException as e:     # e.g. 502 from the proxy
            raise ProtocolError(f"websocket handshake failed: {e}") from None
        except asyncio.TimeoutError:
            raise ProtocolError("websocket handshake timed out") from None
        # a browser keeps what the handshake's response sets (behind nginx: its sticky cookie)
        for header in self.ws.response.headers.get_all("Set-Cookie"):
            name, _, rest = header.partition("=")
            if name.strip() and name.strip() not in self.cookies:
                self.http_cookies[name.strip()] = rest.split(";", 1)[0]

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await self.ws.close()
            finally:
                self.ws = None

    # ------------------------------------------------------------------ runs
    async def open(self, page: str = "", query: str = "") -> Run:
        """Open a page the way a click on a sidebar link or a typed URL does."""
        page_hash = self.main_hash if page in ("", "app") else self.pages.get(page)
        if page and page_hash is None:
            raise ProtocolError(f"unknown page {page!r}; known: {sorted(self.pages)}")
        return await self.run([], page_hash=page_hash or "", query=query)

    async def act(self, *states: WidgetState) -> Run:
        """A user action on the current page: changed widget values and/or a button trigger."""
        return await self.run(list(states))

    async def run(self, states: list[WidgetState], *, page_hash: str | None = None,
                  query: str | None = None) -> Run:
        if self.ws is None:
            raise ProtocolError("not connected")
        if page_hash is not None:
            self.page_hash = page_hash
        if query is not None:
            self.query = query
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        cs.widget_states.widgets.extend(states)
        cs.context_info.timezone = self.tz
        cs.context_info.locale = self.locale
        cs.context_info.url = f"http://127.0.0.1/{'?' + self.query if self.query else ''}"
        before = self.page_hash if page_hash is None else None
        started = time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
        except websockets.ConnectionClosed as e:
            raise ProtocolError(f"websocket closed: {e}") from None
        screen, runs = await self._read_until_finished(started)
        self.screen = screen
        if before is None or self.page_hash != before:
            # A browser mounts a new page's component iframes afresh, so the cookie component
            # sends its value again (seen in chromium: two runs per change of page).
            self._echoed.clear()
        return Run(time.perf_counter() - started, screen, runs, self.page_hash, self.query)

    async def _read_until_finished(self, started: float) -> tuple[Screen, int]:
        deadline = started + self.timeout
        screen = Screen()
        runs = 0
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise RunTimeout(f"no script_finished within {self.timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self.ws.recv(), left)
            except asyncio.TimeoutError:
                raise RunTimeout(f"no script_finished within {self.timeout:.0f} s") from None
            except websockets.ConnectionClosed as e:
                raise ProtocolError(f"websocket closed: {e}") from None
            if isinstance(data, str):
                raise ProtocolError("text frame from the server")
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                runs += 1
                screen = Screen()                      # each script run redraws the page
                ns = fm.new_session
                self.page_hash = ns.page_script_hash or self.page_hash
                self.main_hash = ns.main_script_hash or self.main_hash
                if ns.initialize.session_id:
                    self.session_id = ns.initialize.session_id
                for p in ns.app_pages:
                    self.pages[p.page_name] = p.page_script_hash
            elif kind == "navigation":
                for p in fm.navigation.app_pages:
                    self.pages[p.page_name] = p.page_script_hash
                    if p.is_default:
                        self.main_hash = p.page_script_hash
                if fm.navigation.page_script_hash:
                    self.page_hash = fm.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "delta":
                d = fm.delta
                if d.WhichOneof("type") == "new_element":
                    el_kind = d.new_element.WhichOneof("type")
                    path = tuple(fm.metadata.delta_path)
                    screen.elements[path] = Element(path, el_kind, getattr(d.new_element, el_kind))
            elif kind == "ref_hash":
                # Only sent for hashes the client said it caches; this client never does.
                raise ProtocolError("ref_hash for a message this client never cached")
            elif kind == "page_not_found":
                raise ProtocolError(f"page not found: {fm.page_not_found.page_name}")
            elif kind == "session_event":
                ev = fm.session_event.WhichOneof("type")
                if ev == "script_compilation_exception":
                    raise ProtocolError(f"script compilation error: {fm.session_event}")
            elif kind == "script_finished":
                status = fm.script_finished
                if status in FINISHED_OK:
                    return screen, runs
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("script finished with a compile error")
                # FINISHED_EARLY_FOR_RERUN: the server goes on with the next run itself

    # ------------------------------------------------------------------ browser-side behaviour
    def pending_echoes(self) -> list[WidgetState]:
        """What the cookie component's JavaScript would send back after the last run.

        The component (CookieManager) sends its result only when it differs from what that
        component last sent: getAll → the cookies; set/delete → true (and the jar changes).
        """
        out = []
        for e in self.screen.all("component_instance"):
            if e.proto.component_name != COOKIE_COMPONENT:
                continue
            args = json.loads(e.proto.json_args or "{}")
            method = args.get("method")
            if method == "getAll":
                value: Any = dict(self.cookies)
            elif method == "get":
                value = self.cookies.get(args.get("cookie"))
            elif method == "set":
                self.cookies[args["cookie"]] = str(args.get("value"))
                value = True
            elif method == "delete":
                self.cookies.pop(args.get("cookie"), None)
                value = True
            else:
                continue
            encoded = json.dumps(value, sort_keys=True)
            if value is None or self._echoed.get(e.id) == encoded:
                continue
            self._echoed[e.id] = encoded
            out.append(state(e, value))
        return out
