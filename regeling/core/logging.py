"""Log formatting that cannot be forged: one record is always one line.

Input that reaches a log message (a typed e-mail, a header, a file name) could
carry a newline and start a fake second line. The formatter escapes line breaks
and other control characters in the message; tracebacks keep their lines but
each is prefixed so it cannot pass for a record of its own.
"""

import logging
import re

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
