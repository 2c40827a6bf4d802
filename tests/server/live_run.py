"""A `drillsim run ... --serve 127.0.0.1:0` started by a test: waits for the
URL it prints on stderr, reads stderr on a thread (so the process never
blocks on it), and stops it with SIGINT. Standard library only."""
import os
import re
import signal
import subprocess
import threading
import time
import urllib.request


class LiveRun:
    def __init__(self, args, env=None, timeout=30):
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env)
        self.lines = []
        self.url = None
        self._seen = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.stdout = None
        deadline = time.monotonic() + timeout
        with self._seen:
            while self.url is None:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise SystemExit("FAILED: drillsim did not print its URL: %r" % self.lines)
                self._seen.wait(left)
        self.port = int(re.search(r":(\d+)/", self.url).group(1))

    def _read(self):
        for line in self.proc.stderr:
            with self._seen:
                self.lines.append(line)
                m = re.search(r"serving (http://\S+/)", line)
                if m and self.url is None:
                    self.url = m.group(1)
                self._seen.notify_all()

    def wait_for_line(self, text, timeout):
        deadline = time.monotonic() + timeout
        with self._seen:
            while not any(text in l for l in self.lines):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SystemExit("FAILED: no line with %r within %ss: %r" % (text, timeout, self.lines))
                self._seen.wait(left)

    def get(self, path, token=None, timeout=10):
        req = urllib.request.Request(self.url.rstrip("/") + path)
        if token:
            req.add_header("Authorization", "Bearer " + token)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()

    def interrupt(self, timeout=20):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            self.stdout, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise SystemExit("FAILED: drillsim did not stop on SIGINT")
        return self.proc.returncode

    def wait(self, timeout=60):
        try:
            self.stdout, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise SystemExit("FAILED: drillsim did not finish in %ss" % timeout)
        return self.proc.returncode


def check(cond, what):
    if not cond:
        print("FAILED:", what)
        raise SystemExit(1)
    print("ok:", what)


def fresh_dir(path):
    import shutil
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path
