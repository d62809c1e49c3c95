"""The worker comes back by itself: kombu's crash on reconnect is turned into a connection error,
which Celery recovers from. Uses a redis-server of its own."""

import pytest
from kombu import Connection
from kombu.transport import redis as kombu_redis

from regeling.core.broker import Channel, Transport


@pytest.fixture
def closed_channel(redis_server):
    """A channel whose connection was closed under it, as during a broker outage."""
    connection = Connection(redis_server.url)
    channel = connection.channel()
    connection._do_close_transport()  # what kombu does when the broker goes away
    return channel


def test_redis_urls_use_the_guarded_transport_when_the_celery_app_is_loaded(redis_server):
    assert isinstance(Connection(redis_server.url).transport, Transport)


def test_rebuilding_the_pool_is_a_recoverable_connection_error_when_the_connection_was_closed(closed_channel):
    with pytest.raises(Transport.connection_errors):
        closed_channel._connparams()


def test_kombu_itself_still_fails_with_the_unrecoverable_attribute_error_when_the_connection_was_closed(
    closed_channel,
):
    # Remove the guard (regeling/core/broker.py) once this fails: kombu then fixed it.
    assert isinstance(closed_channel, Channel)
    with pytest.raises(AttributeError, match="hostname"):
        kombu_redis.Channel._connparams(closed_channel)
