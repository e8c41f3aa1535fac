"""`nutgraf serve`: the web workbench, on this machine only unless the case has users.

On 127.0.0.1 a case without users opens with no login (the laptop mode). `--host` opens it to
a network only once the case has users: then every route asks for a login, and a certificate
(`--certfile/--keyfile`) keeps passwords and documents off the wire in clear.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click
from rich.markup import escape

from nutgraf import open_case
from nutgraf.cli_common import case_option, console, emit_json, errors, handles_errors
from nutgraf.errors import BadInput

LOOPBACK = "127.0.0.1"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _allowed_hosts(host: str, names: tuple[str, ...]) -> list[str]:
    """What the Host header may say: this machine's names, the address bound, and `--name`s."""
    anywhere = host in ("0.0.0.0", "::")
    hosts = (list(names) or ["*"]) if anywhere else [host, *names]
    return ["127.0.0.1", "localhost", *hosts]


@click.command()
@case_option
@click.option("--port", type=int, default=8765, show_default=True, help="The port to listen on.")
@click.option(
    "--host",
    default=LOOPBACK,
    show_default=True,
    help="The address to listen on; beyond loopback only for a case with users.",
)
@click.option(
    "--name",
    "names",
    multiple=True,
    help="A host name the team types to reach it (the Host header must say one); repeatable.",
)
@click.option(
    "--certfile",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A TLS certificate (PEM): serve https, so passwords never cross the network in clear.",
)
@click.option(
    "--keyfile",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The certificate's private key (PEM).",
)
@handles_errors
def serve(
    case_dir: Path | None,
    as_json: bool,
    port: int,
    host: str,
    names: tuple[str, ...],
    certfile: Path | None,
    keyfile: Path | None,
) -> None:
    """Open the web workbench at http://127.0.0.1:PORT/ (this machine only, by default)."""
    import uvicorn

    from nutgraf.web import create_app

    if (certfile is None) != (keyfile is None):
        raise BadInput("give both --certfile and --keyfile, or neither")
    with open_case(case_dir) as case:
        shared = not _is_loopback(host)
        if shared and not case.store.has_users():
            raise BadInput(
                f"refused to serve on {host}: this case has no users, so anyone reaching "
                "the address could read it; add them first (nutgraf users add NAME --role admin)"
            )
        scheme = "https" if certfile else "http"
        shown = host if host not in ("0.0.0.0", "::") else (names[0] if names else "<this-machine>")
        url = f"{scheme}://{shown if shared else LOOPBACK}:{port}/"
        if as_json:
            emit_json([{"url": url, "case": str(case.folder), "login": case.store.has_users()}])
        else:
            console.print(
                f"nutgraf workbench for {escape(str(case.folder))} at {url} (Ctrl-C stops)"
            )
        if shared and certfile is None:
            errors.print(
                "nutgraf: warning: no --certfile: passwords and documents cross the network "
                "in clear; serve behind TLS (a certificate from your newsroom, or a reverse proxy)"
            )
        app = create_app(
            case,
            allowed_hosts=_allowed_hosts(host, names) if shared else None,
            requires_login=shared,
        )
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="warning",
            ssl_certfile=str(certfile) if certfile else None,
            ssl_keyfile=str(keyfile) if keyfile else None,
        )
