"""The baseline mitmdump's own script: the same `gc.freeze()` samlscope's addon does when the
proxy starts, so the addon's speed-up of mitmproxy itself is not counted as ours."""

import gc


class Freeze:
    def running(self) -> None:
        gc.freeze()


addons = [Freeze()]
