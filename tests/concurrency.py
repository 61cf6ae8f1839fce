"""Running the same action from several connections at once (PostgreSQL tests of races)."""

import threading

from django.db import connections


def at_once(action, times: int = 2) -> list:
    """Call `action` in `times` threads released together, each on its own database connection (closed after);
    returns what each call returned or raised, in the order they finished."""
    start, results = threading.Barrier(times), []

    def run():
        try:
            start.wait()
            results.append(action())
        except Exception as error:  # noqa: BLE001 - the test reads the refusals
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
