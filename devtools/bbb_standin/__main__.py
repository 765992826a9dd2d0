"""``python -m devtools.bbb_standin --port P --secret S``: serve the BBB stand-in until killed."""

import argparse
import logging
import signal
import threading

from .checksum import ALGORITHMS
from .server import StandIn


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m devtools.bbb_standin", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True, help="the shared secret (bbb-web's securitySalt)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--checksum-algos",
        default=",".join(ALGORITHMS),
        help="enabled checksum algorithms, comma-separated (bbb-web's supportedChecksumAlgorithms)",
    )
    parser.add_argument(
        "--callback-delay", type=float, default=1.0, help="seconds between end and the callbacks (default 1.0)"
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    parser = _parser()
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        standin = StandIn(
            arguments.secret,
            host=arguments.host,
            port=arguments.port,
            checksum_algos=[name.strip() for name in arguments.checksum_algos.split(",") if name.strip()],
            callback_delay=arguments.callback_delay,
        ).start()
    except ValueError as error:
        parser.error(str(error))
    except OSError as error:
        parser.exit(1, f"cannot listen on {arguments.host}:{arguments.port}: {error}\n")
    print(f"BBB stand-in listening on {standin.url}bigbluebutton/api/", flush=True)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.set())
    try:
        stopping.wait()
    except KeyboardInterrupt:
        pass
    finally:
        standin.stop()


if __name__ == "__main__":
    main()
