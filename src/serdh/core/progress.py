"""A one-line progress indicator for commands (rewritten in place on a terminal)."""

import sys
import time


class ProgressLine:
    def __init__(self, label, stream=None, min_interval=0.2):
        self.label = label
        self.stream = stream or sys.stderr
        self.min_interval = min_interval
        self._last = 0.0
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, done, total):
        now = time.monotonic()
        if done < total and now - self._last < self.min_interval:
            return
        self._last = now
        pct = 100 if not total else int(done * 100 / total)
        width = 30
        filled = int(width * pct / 100)
        bar = "#" * filled + "-" * (width - filled)
        line = f"{self.label} [{bar}] {done}/{total} ({pct}%)"
        if self._tty:
            self.stream.write("\r" + line + ("\n" if done >= total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
