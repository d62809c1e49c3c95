"""kombu's Redis transport, guarded against one crash on reconnect.

When the broker goes away, kombu closes the connection and sets its transport's `client`
to None (kombu.connection.Connection._do_close_transport). A channel that outlives it
(the worker's event loop still holds one while it reconnects) and then builds its
connection pool reads `self.connection.client.hostname`, and in kombu 5.7.0 (the newest)
that raises `AttributeError: 'NoneType' object has no attribute 'hostname'`. Celery counts
an AttributeError as unrecoverable and the worker shuts itself down (seen once in 17
Redis outages). Here the same situation raises Redis's own ConnectionError, one of the
transport's connection errors, so Celery reconnects as it does for any outage.
"""

from kombu.transport import TRANSPORT_ALIASES
from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError

CLOSED = "the broker connection was closed while reconnecting"


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if getattr(self.connection, "client", None) is None:
            raise RedisConnectionError(CLOSED)
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel

    @property
    def supports_batch_publish(self):
        if self.client is None:
            return False  # closed: the publish fails with a connection error and is retried
        return super().supports_batch_publish


def use_guarded_redis_transport() -> None:
    """Make `redis://` and `rediss://` broker URLs use this transport (called by regeling/core/celery.py)."""
    TRANSPORT_ALIASES["redis"] = f"{__name__}:Transport"
    TRANSPORT_ALIASES["rediss"] = f"{__name__}:Transport"
