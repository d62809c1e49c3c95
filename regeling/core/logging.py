"""Log formatting that cannot be forged: one record is always one line.

Input that reaches a log message (a typed e-mail, a header, a file name) could
carry a newline and start a fake second line. The formatter escapes line breaks
and other control characters in the message; tracebacks keep their lines but
each is prefixed so it cannot pass for a record of its own.
"""

import logging
import re
import traceback

import structlog

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")


def escape_control(text: str) -> str:
    r"""'a\nb' -> 'a\\nb': line breaks and other control characters shown, not obeyed."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class SingleLineFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        original = record.message
        record.message = escape_control(original)
        try:
            return super().formatMessage(record)
        finally:
            record.message = original

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        return "\n".join(f"    | {escape_control(line)}" for line in super().formatException(ei).splitlines())

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 - logging's name
        return "\n".join(f"    | {escape_control(line)}" for line in stack_info.splitlines())


def single_line_handlers(logger: logging.Logger, *args, **kwargs) -> None:
    """Celery sets up the worker's own log handlers: give them the single-line formatter too."""
    for handler in logger.handlers:
        fmt = getattr(handler.formatter, "_fmt", None)
        if not isinstance(handler.formatter, SingleLineFormatter):
            handler.setFormatter(SingleLineFormatter(fmt))


# --- Structured logs (issue #20) -------------------------------------------------------------
# JSON lines for containers (LOG_FORMAT=json), readable lines for `make run` (LOG_FORMAT=console).
# Every line carries what structlog's context holds: the request id, the user id and role during
# a request, and in the worker the task id and the request id of the request that queued it.

# Context a library would add that can identify a person: never logged.
PERSONAL_KEYS = frozenset({"ip", "user_agent", "remote_addr", "email", "username"})


def drop_personal_fields(logger, method_name, event_dict):
    for key in PERSONAL_KEYS & event_dict.keys():
        del event_dict[key]
    # A task's error text can quote data (an integrity error names values): its class only.
    if event_dict.get("event") == "task_failed" and isinstance(event_dict.get("exception"), BaseException):
        event_dict["error"] = type(event_dict["exception"]).__name__
    return event_dict


def escape_control_values(logger, method_name, event_dict):
    """Console lines: strings with line breaks escaped, so input cannot start a fake line."""
    return {key: escape_control(value) if isinstance(value, str) else value for key, value in event_dict.items()}


def prefixed_traceback(sio, exc_info) -> None:
    """Console tracebacks keep their lines, each prefixed so none passes for a record of its own."""
    lines = "".join(traceback.format_exception(*exc_info)).splitlines()
    sio.write("\n" + "\n".join(f"    | {escape_control(line)}" for line in lines))


def configure(log_format: str, level: str) -> dict:
    """Configure structlog and return the LOGGING dict that routes every stdlib record through it."""
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        drop_personal_fields,
    ]
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    if log_format == "console":
        render = [
            escape_control_values,
            structlog.dev.ConsoleRenderer(colors=False, exception_formatter=prefixed_traceback),
        ]
    else:
        render = [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta, *render],
                "foreign_pre_chain": shared,
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
    }
