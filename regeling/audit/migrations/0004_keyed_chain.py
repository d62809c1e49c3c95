"""The keyed chain moves out of the event rows into append-only links.

Existing events are linked in id order with the newest AUDIT_CHAIN_KEYS key; from
then on events are written without any lock and linked by the chainer.
"""

import json

from django.db import migrations, models

from regeling.audit import keys

from ._sql import RunSQLOnPostgreSQL

# Row triggers as on the events. TRUNCATE is not refused by a trigger (the test suite's flush
# needs it); the application role simply has no TRUNCATE privilege (regeling/core/dbroles.py).
APPEND_ONLY = [
    """
    CREATE TRIGGER audit_auditlink_append_only
        BEFORE UPDATE OR DELETE ON audit_auditlink
        FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only()
    """,
]
DROP = [
    "DROP TRIGGER IF EXISTS audit_auditlink_append_only ON audit_auditlink",
]


def link_existing(apps, schema_editor):
    """The same HMAC as chain.link_hash, over the historical rows."""
    event_model = apps.get_model("audit", "AuditEvent")
    link_model = apps.get_model("audit", "AuditLink")
    key_id, key = keys.newest()
    previous, links = "0" * 64, []
    for seq, event in enumerate(event_model.objects.using(schema_editor.connection.alias).order_by("pk"), start=1):
        contents = [
            event.pk,
            event.at.isoformat(),
            event.actor_id,
            event.action,
            event.object_type,
            event.object_id,
            event.result,
            event.client_ip,
            event.detail,
        ]
        digest = keys.sign(key, json.dumps([seq, previous, *contents], sort_keys=True, default=str).encode())
        links.append(link_model(seq=seq, event_id=event.pk, key_id=key_id, previous_hash=previous, hash=digest))
        previous = digest
    link_model.objects.using(schema_editor.connection.alias).bulk_create(links, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chainverification")]

    operations = [
        migrations.CreateModel(
            name="AuditLink",
            fields=[
                ("seq", models.BigIntegerField(primary_key=True, serialize=False)),
                ("key_id", models.CharField(max_length=16)),
                ("previous_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64, unique=True)),
                (
                    "event",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="link",
                        to="audit.auditevent",
                    ),
                ),
            ],
            options={"ordering": ["seq"]},
        ),
        migrations.RunPython(link_existing, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="auditevent", name="hash"),
        migrations.RemoveField(model_name="auditevent", name="previous_hash"),
        RunSQLOnPostgreSQL(APPEND_ONLY, DROP, elidable=False),
    ]
