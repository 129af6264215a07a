"""`eventfeed serve`: build the site, serve it over HTTP, and rebuild it when a post changes.

The site is built into a temporary folder and served from memory (`feeds.server`); with
`--watch`, a changed post triggers a rebuild whose result replaces the served site in one step.
A rebuild that breaks a post that the last good build could read is refused: the old site stays
up and the log says why.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from extractor.model import Extraction
from feeds.cli import Inputs, clock, input_options, library_errors, main, templates_option


def _build_once(
    inputs: Inputs, out: Path, templates: Path | None = None
) -> tuple[Path, Extraction]:
    """Build the whole site (files and agenda page) into `out`; return it and what was read.

    The same library calls as `eventfeed build`, plus the agenda page.
    """
    from feeds.publish import build_site, calendar_entries

    found = inputs.extract()
    entries = calendar_entries(found.events, inputs.settings)
    with library_errors(writing=out):
        build_site(entries, inputs.settings, out, templates=templates)
    return out, found


class Builds:
    """Builds the site into a fresh folder under `root` each time it is called.

    A build that reports a problem in a post that the last accepted build read without one
    raises `RebuildFailed` (the served site must not lose that post's events because of a
    half-saved edit); problems already there at the first build are reported but tolerated.
    """

    def __init__(self, inputs: Inputs, root: Path, templates: Path | None = None) -> None:
        self.inputs = inputs
        self.root = root
        self.templates = templates
        self.broken: set[str] | None = None
        """Posts with problems in the last accepted build (None before the first)."""
        self.current: Path | None = None

    def __call__(self) -> Path:
        import shutil
        import tempfile

        from feeds.server import RebuildFailed

        # The CLI owns the clock: each build shows what is upcoming at the time it runs.
        inputs = dataclasses.replace(self.inputs, settings=clock(self.inputs.settings))
        folder = Path(tempfile.mkdtemp(prefix="site-", dir=self.root))
        try:
            out, found = _build_once(inputs, folder, self.templates)
        except click.ClickException as error:
            shutil.rmtree(folder, ignore_errors=True)
            raise RebuildFailed(error.format_message()) from error
        broken = {problem.path for problem in found.problems}
        if self.broken is not None and (new := broken - self.broken):
            shutil.rmtree(folder, ignore_errors=True)
            raise RebuildFailed("; ".join(str(p) for p in found.problems if p.path in new))
        self.broken = broken
        if self.current is not None:
            shutil.rmtree(self.current, ignore_errors=True)
        self.current = folder
        return out


@click.command()
@input_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Rebuild when a post changes; a failed rebuild keeps serving the last good site.",
)
@templates_option
@click.option(
    "--poll",
    type=click.FloatRange(0.05, 60),
    default=0.5,
    show_default=True,
    metavar="SECONDS",
    help="With --watch: how often to look at the posts.",
)
def serve(
    inputs: Inputs, host: str, port: int, watch: bool, templates: Path | None, poll: float
) -> None:
    """Build the site and serve it over HTTP (the agenda page, calendars and feeds).

    Without --base-url, links point at this server. Files are served from memory with
    ETags, so subscribers that ask again get "304 Not Modified".

    \b
    Examples:
      eventfeed serve seeds
      eventfeed serve seeds --watch --port 8080
      eventfeed serve seeds --host 0.0.0.0 --base-url https://example.org/events/
    """
    # Imported here: `eventfeed extract` and `build` start without them.
    import logging
    import signal
    import tempfile

    from feeds.server import Reloader, Site, SiteApp, Watcher, bind, run

    logging.basicConfig(format="eventfeed: %(message)s", level=logging.INFO)
    with library_errors():
        sock = bind(host, port)
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    if inputs.base_url is None:
        inputs = dataclasses.replace(
            inputs, settings=dataclasses.replace(inputs.settings, base_url=url)
        )
    with tempfile.TemporaryDirectory(prefix="eventfeed-serve-") as root:
        builds = Builds(inputs, Path(root), templates)
        with library_errors():
            app = SiteApp(Site.load(builds()))
        watcher = None
        if watch:
            watched = [Path(p) for p in inputs.paths] + ([templates] if templates else [])
            watcher = Watcher(watched, Reloader(app, builds).reload, interval=poll)
            watcher.start()
        click.echo(
            f"eventfeed: serving {len(app.site.files)} files at {url}"
            + (" (watching the posts)" if watch else "")
            + " — press Ctrl-C to stop",
            err=True,
        )
        # uvicorn stops gracefully on Ctrl-C or SIGTERM, then raises the signal again once
        # its handlers are gone. Both are a normal stop here (exit 0), and SIGTERM's default
        # action would end the process before the temporary folder is removed.
        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            run(app, sock)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            if watcher is not None:
                watcher.stop()
            sock.close()


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


main.add_command(serve)
