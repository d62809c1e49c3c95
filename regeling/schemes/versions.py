"""The two versions of the scheme and the measures each one knows.

Version A: fixed basic package, 1 Jan 2021 - 31 Dec 2023 (Stcrt. 2020, 49908).
Version B: tailored security advice, from 1 Jan 2024 (Stcrt. 2023, 28233).
"""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemeVersion(models.TextChoices):
    BASIC_PACKAGE = "A", _("A: basic package (2021-2023)")
    TAILORED_ADVICE = "B", _("B: tailored security advice (from 2024)")


VERSION_A_START = date(2021, 1, 1)
VERSION_B_START = date(2024, 1, 1)

# Version A: at most EUR 2,400 including VAT per residence (cents).
VERSION_A_CAP_CENTS = 240_000


class Measure(models.TextChoices):
    """Measure types. Version A allows the five package items only; B uses advice lines."""

    LETTERBOX_SECURITY = "letterbox_security", _("letterbox protection")
    WINDOW_REINFORCEMENT = "window_reinforcement", _("window reinforcement")
    DOOR_VIEWER_OR_VIDEO_INTERCOM = "door_viewer_or_video_intercom", _("door viewer or video intercom")
    ALARM_BASE_INSTALLATION = "alarm_base_installation", _("alarm base installation")
    FIRE_BURGLAR_SAFE = "fire_burglar_safe", _("fire- and burglar-resistant safe")
    ADVICE_LINE = "advice_line", _("measure from the security advice")


BASIC_PACKAGE = frozenset(
    {
        Measure.LETTERBOX_SECURITY,
        Measure.WINDOW_REINFORCEMENT,
        Measure.DOOR_VIEWER_OR_VIDEO_INTERCOM,
        Measure.ALARM_BASE_INSTALLATION,
        Measure.FIRE_BURGLAR_SAFE,
    }
)


def version_for(application_date: date) -> SchemeVersion:
    """The version in force on the date of the application (the default; assessors may override)."""
    return SchemeVersion.TAILORED_ADVICE if application_date >= VERSION_B_START else SchemeVersion.BASIC_PACKAGE
