"""The check of the PostgreSQL connection pool: a dead connection makes the pool test all its idle ones.

psycopg_pool checks a connection (an empty round trip) as it leaves the pool. When the check fails, ``getconn``
discards the connection and takes the next one, but from the second failure on it first sleeps, with backoff
(about 1, 2, 4 s…), all within the same ``timeout``: with our 10 s it gets to look at five connections at most.
The pool hands out its idle connections oldest first, and the replacements of the dead ones join at the back.

So after a PostgreSQL restart (or a failover) with a pool that had grown to eight connections, every idle
connection is dead, and a request on its own works through five dead ones, then gets ``PoolTimeout`` (a 500
after 10 s); the one after it waits seconds as well. Nothing on the server side is wrong by then.

A connection that fails the check almost always means the server dropped all of them, so ``sweeping_check``
then calls the pool's ``check()``: every idle connection is tested at once (a dead one answers at once) and the
dead ones are replaced in the background. ``getconn`` then retries without sleeping and gets a working
connection. A healthy pool pays nothing extra: the sweep only runs after a failed check.
"""

from psycopg_pool import ConnectionPool


def sweeping_check(conn, *, alias: str = "default") -> None:
    """The pool's ``check`` callback: ``ConnectionPool.check_connection``, sweeping the pool when it fails."""
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        from django.db import connections

        # The pool shared by every thread of this process (Django keeps one per database alias).
        connections[alias].pool.check()
        raise
