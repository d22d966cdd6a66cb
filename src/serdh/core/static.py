"""Static files served by the application itself (no CDN): WhiteNoise, with what its finders
list read once per process.

Outside production WhiteNoise finds the files in the apps' ``static/`` folders (no
``collectstatic``) and, without autorefresh, lists and stats every one of them each time the
middleware is built. A server builds it once; Django's test client builds it for every
client, and the test suite makes thousands of clients (the permission matrix alone about
4,000, 12 ms each). The files do not change while a process runs, so the listing is kept.
"""

from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    _listed = {}  # static prefix -> {url: StaticFile}, filled once per process

    def add_files_from_finders(self):
        listed = StaticFilesMiddleware._listed.get(self.static_prefix)
        if listed is None:
            before = dict(self.files)
            super().add_files_from_finders()
            listed = {url: f for url, f in self.files.items() if before.get(url) is not f}
            StaticFilesMiddleware._listed[self.static_prefix] = listed
        self.files.update(listed)
