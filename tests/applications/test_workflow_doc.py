"""docs/workflow.md holds the diagram `graph_transitions` draws: every edge of the workflow is in it."""

import io
import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

DOC = Path(settings.BASE_DIR) / "docs" / "workflow.md"
EDGE = re.compile(
    r'"applications\.application\.status\.(\w+)" -> "applications\.application\.status\.(\w+)" \[label=(\w+)\]'
)


OBJECTION_EDGE = re.compile(
    r'"objections\.objection\.status\.(\w+)" -> "objections\.objection\.status\.(\w+)" \[label=(\w+)\]'
)


def test_documented_diagram_has_every_edge_when_graph_transitions_draws_the_workflow():
    out = io.StringIO()
    call_command("graph_transitions", "applications.Application", stdout=out)
    drawn = set(EDGE.findall(out.getvalue()))
    documented = set(EDGE.findall(DOC.read_text(encoding="utf-8")))
    assert drawn and drawn == documented


def test_documented_objection_diagram_has_every_edge_when_graph_transitions_draws_it():
    out = io.StringIO()
    call_command("graph_transitions", "objections.Objection", stdout=out)
    drawn = set(OBJECTION_EDGE.findall(out.getvalue()))
    documented = set(OBJECTION_EDGE.findall(DOC.read_text(encoding="utf-8")))
    assert drawn and drawn == documented
