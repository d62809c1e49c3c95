"""The tasks take late acknowledgement, time limits and connection reuse from settings (one source)."""

from django.conf import settings

from regeling.earlier import queueing
from regeling.letters import outbox
from worker.celery import app


def tasks():
    app.loader.import_default_modules()
    return app.tasks


def test_render_task_takes_its_tighter_limits_from_settings_when_registered():
    task = tasks()[outbox.RENDER_LETTER_TASK]
    limits = settings.CELERY_TASK_ANNOTATIONS[outbox.RENDER_LETTER_TASK]
    assert (task.soft_time_limit, task.time_limit) == (limits["soft_time_limit"], limits["time_limit"])


def test_every_task_is_acknowledged_late_when_the_settings_say_so():
    for name in (outbox.RENDER_LETTER_TASK, queueing.IMPORT_TASK):
        task = tasks()[name]
        assert task.acks_late is settings.CELERY_TASK_ACKS_LATE is True
        assert task.reject_on_worker_lost is settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True


def test_worker_reuses_database_connections_as_the_settings_say_when_it_starts():
    assert app.conf.get("CELERY_DB_REUSE_MAX") == settings.WORKER_DB_REUSE_MAX


def test_batches_go_to_the_batch_queue_and_single_letters_to_the_default_one():
    def queue_of(name):
        return app.amqp.router.route({}, name)["queue"].name

    assert queue_of(outbox.RENDER_LETTERS_TASK) == settings.LETTER_BATCH_QUEUE == "celery"  # one queue by default
    assert queue_of(outbox.RENDER_LETTER_TASK) == app.conf.task_default_queue == "celery"
