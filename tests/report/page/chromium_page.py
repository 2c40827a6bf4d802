#!/usr/bin/python3
"""Opens a page in headless Chromium and reads what the report page says of
itself, through the DevTools protocol (python3-websockets), on loopback only.

    chromium_page.py URL [--screenshot FILE] [--timeout S]

prints one JSON object: the page's DOM counts (timeline bars, map markers,
chart series, task rows, ...), body data-drawn / data-draw-ms / data-error,
and every console error and uncaught exception. The tests and
bench/report_page.sh use open_page() from here. Exit 2 when chromium cannot be
started (a missing browser is a failure, never a skip).
"""
import argparse
import asyncio
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import websockets

# What the page says of itself: the attributes its scripts write.
STATE = r"""(() => {
  const q = s => document.querySelector(s);
  const data = (s, k) => { const e = q(s); return e ? (e.dataset[k] === undefined ? null : e.dataset[k]) : null; };
  const body = document.body;
  return JSON.stringify({
    drawn: body ? body.dataset.drawn || null : null,
    drawMs: body ? body.dataset.drawMs || null : null,
    startMs: body ? body.dataset.startMs || null : null,
    loadedMs: body ? body.dataset.loadedMs || null : null,
    viewMs: body ? body.dataset.viewMs || null : null,
    error: (body && body.dataset.error) || document.documentElement.dataset.error || null,
    updates: body ? body.dataset.updates || null : null,
    source: document.documentElement.dataset.source || null,
    bars: data('#timeline', 'bars'),
    visibleBars: data('#timeline', 'visibleBars'),
    frameMs: data('#timeline', 'frameMs'),
    markers: data('#map', 'markers'),
    unplaced: data('#map', 'unplaced'),
    sliderValue: q('#map-time') ? Number(q('#map-time').value) : null,
    sliderMax: q('#map-time') ? Number(q('#map-time').max) : null,
    graticuleLines: data('#map', 'graticuleLines'),
    series: data('#charts', 'series'),
    shownSeries: data('#charts', 'shownSeries'),
    references: data('#charts', 'references'),
    chartCanvases: document.querySelectorAll('#chart canvas').length,
    taskRows: document.querySelectorAll('#tasks tbody tr').length,
    notOnTime: document.querySelectorAll('#tasks-not-on-time li').length,
    measures: document.querySelectorAll('#measures .measure').length +
      document.querySelectorAll('#measures-labelled tbody tr').length,
    links: data('#network', 'links'),
    downPeriods: data('#network', 'downPeriods'),
    networkNone: q('#network-none') ? !q('#network-none').hidden : null,
    replicationRows: document.querySelectorAll('#replications tbody tr').length,
    replicationsShown: q('#replications-section') ? !q('#replications-section').hidden : null,
    title: document.title,
  });
})()"""


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    def __init__(self, width, height):
        self.width, self.height = width, height
        self.profile = tempfile.mkdtemp(prefix="report-page-chromium-")
        self.process = None

    def start(self, timeout):
        chromium = find_chromium()
        if not chromium:
            raise RuntimeError("chromium is not installed (Debian package chromium)")
        self.process = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--disable-dev-shm-usage",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             "--user-data-dir=" + self.profile, "--window-size=%d,%d" % (self.width, self.height),
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, process_group=0)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("chromium exited with %d before it listened" % self.process.returncode)
            try:
                with open(port_file) as f:
                    port = int(f.readline().strip())
                break
            except (OSError, ValueError):
                time.sleep(0.05)
        else:
            raise RuntimeError("chromium did not open its DevTools port in %d s" % timeout)
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port, timeout=10) as r:
            targets = json.load(r)
        pages = [t for t in targets if t.get("type") == "page"]
        if not pages:
            raise RuntimeError("chromium has no page target")
        return pages[0]["webSocketDebuggerUrl"]

    def stop(self):
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        shutil.rmtree(self.profile, ignore_errors=True)


class DevTools:
    def __init__(self, socket):
        self.socket = socket
        self.next_id = 0
        self.replies = {}
        self.problems = []  # console errors and uncaught exceptions

    async def pump(self):
        async for raw in self.socket:
            message = json.loads(raw)
            if "id" in message:
                future = self.replies.pop(message["id"], None)
                if future and not future.done():
                    future.set_result(message)
                continue
            method, params = message.get("method"), message.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                text = details.get("exception", {}).get("description") or details.get("text")
                self.problems.append("exception: %s" % text)
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                args = [a.get("value", a.get("description", "")) for a in params.get("args", [])]
                self.problems.append("console.error: %s" % " ".join(map(str, args)))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                self.problems.append("log: %s %s" % (entry.get("text"), entry.get("url", "")))

    async def call(self, method, **params):
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.replies[self.next_id] = future
        await self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        reply = await future
        if "error" in reply:
            raise RuntimeError("%s: %s" % (method, reply["error"]))
        return reply.get("result", {})


    async def evaluate(self, expression):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError("evaluate: %s" % result["exceptionDetails"].get("text"))
        return result.get("result", {}).get("value")

    async def mouse(self, kind, x, y, **extra):
        await self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)


async def _open(url, screenshot, timeout, width, height, settle, actions):
    browser = Browser(width, height)
    started = time.monotonic()
    try:
        ws_url = browser.start(timeout=min(30, timeout))
        async with websockets.connect(ws_url, max_size=None) as socket:
            devtools = DevTools(socket)
            pump = asyncio.ensure_future(devtools.pump())
            await devtools.call("Runtime.enable")
            await devtools.call("Log.enable")
            await devtools.call("Page.enable")
            await devtools.call("Page.navigate", url=url)
            state = {}
            deadline = started + timeout
            while time.monotonic() < deadline:
                result = await devtools.call("Runtime.evaluate", expression=STATE, returnByValue=True)
                value = result.get("result", {}).get("value")
                state = json.loads(value) if value else {}
                if state.get("error") or (state.get("drawn") and settle(state)):
                    break
                await asyncio.sleep(0.1)
            state["timedOut"] = not (state.get("error") or state.get("drawn"))
            if actions and state.get("drawn"):
                state.update(await actions(devtools))
            if screenshot:
                shot = await devtools.call("Page.captureScreenshot", format="png")
                with open(screenshot, "wb") as f:
                    f.write(base64.b64decode(shot["data"]))
            state["problems"] = list(devtools.problems)
            pump.cancel()
            return state
    finally:
        browser.stop()


def open_page(url, screenshot=None, timeout=60, width=1400, height=1000, settle=lambda state: True, actions=None):
    """Loads url, waits (at most timeout s) until the page has drawn and
    settle(state) holds, runs `await actions(devtools)` if given (its dict is
    added to the state), and returns the page's state (see STATE)."""
    return asyncio.run(asyncio.wait_for(
        _open(url, screenshot, timeout, width, height, settle, actions), timeout + 15))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--screenshot")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    try:
        state = open_page(args.url, args.screenshot, args.timeout)
    except RuntimeError as error:
        print("chromium_page: %s" % error, file=sys.stderr)
        return 2
    print(json.dumps(state, indent=1))
    return 0 if state.get("drawn") and not state.get("error") and not state.get("problems") else 1


if __name__ == "__main__":
    sys.exit(main())
