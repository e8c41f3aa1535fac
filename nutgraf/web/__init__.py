"""The web workbench: search, documents, entities, facts, timeline and network in a browser.

`nutgraf serve` runs it on 127.0.0.1 only. It reads the case through the library API and
never fetches anything from outside: every script, style and image comes from this package.
"""

from nutgraf.web.app import create_app

__all__ = ["create_app"]
