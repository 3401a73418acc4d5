"""A local AWS endpoint for demos: moto's server mode on a free loopback port.

``with local_endpoint() as url:`` starts the server, points ``AWS_ENDPOINT_URL`` at it with fake
credentials (moto's default account 123456789012) and restores the environment and stops the
server afterwards. moto is a development dependency, imported only here and only when used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sfndeploy.errors import AwsError

_FAKE = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@contextmanager
def local_endpoint() -> Iterator[str]:
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:
        raise AwsError(
            "the local AWS endpoint needs moto's server mode", hint="pip install 'moto[server,stepfunctions]'"
        ) from error
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    names = [*_FAKE, "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_PROFILE"]
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(_FAKE)
    os.environ["AWS_ENDPOINT_URL"] = url
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.pop("AWS_PROFILE", None)
    try:
        yield url
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        server.stop()
