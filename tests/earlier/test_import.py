"""The dry run, the import in the worker, idempotence, matching, correcting and withdrawing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from regeling.applications.findings import case_from_application, findings_for
from regeling.applications.models import MeasureLine
from regeling.audit.models import AuditEvent
from regeling.earlier import services
from regeling.earlier.models import EarlierReimbursement, ImportRun, ImportStatus
from regeling.earlier.parsing import Reason
from regeling.earlier.services import ImportRefused, Outcome
from regeling.schemes.versions import Measure, SchemeVersion
from tests.earlier.files import dutch_csv, row
from tests.factories import ApplicationFactory, BodyFactory, OfficeholderFactory
from worker.tasks import import_earlier_reimbursements, requeue_stale_imports

pytestmark = pytest.mark.django_db


def imported(data, coordinator):
    run = services.check_file(data, body_id=coordinator.body_id, by=coordinator)
    services.confirm_import(run.pk, by=coordinator)
    services.run_import(run.pk)
    run.refresh_from_db()
    return run


def version_a_application(officeholder, **fields):
    application = ApplicationFactory(
        applicant=officeholder,
        scheme_version=SchemeVersion.BASIC_PACKAGE,
        pkvw_valid_until=date(2030, 1, 1),
        received_on=date(2023, 6, 1),
        lines=[],
        **fields,
    )
    MeasureLine.objects.create(application=application, measure=Measure.FIRE_BURGLAR_SAFE, requested_cents=240_000)
    return application


def test_dry_run_creates_nothing_and_reports_each_row(coordinator, officeholder):
    data = dutch_csv([row(email=officeholder.email, reference="R1"), row(postcode="35 AB", reference="R2")])
    run = services.check_file(data, body_id=coordinator.body_id, by=coordinator)
    assert EarlierReimbursement.objects.count() == 0
    assert run.report == [
        {"line": 2, "outcome": Outcome.CREATE, "reasons": []},
        {"line": 3, "outcome": Outcome.REFUSE, "reasons": [Reason.BAD_POSTCODE]},
    ]


def test_report_holds_nothing_personal(coordinator, officeholder):
    run = services.check_file(dutch_csv([row(email=officeholder.email)]), body_id=coordinator.body_id, by=coordinator)
    assert officeholder.email not in str(run.report) and "3511" not in str(run.report)


def test_rows_are_created_and_refused_rows_left_out_when_confirmed(coordinator, officeholder):
    run = imported(
        dutch_csv([row(email=officeholder.email, reference="R1"), row(amount="veel", reference="R2")]), coordinator
    )
    assert run.status == ImportStatus.DONE
    assert (run.created_count, run.pending_count, run.refused_count) == (1, 0, 1)
    created = EarlierReimbursement.objects.get()
    assert created.officeholder == officeholder and created.amount_cents == 100_000


def test_importing_the_same_file_twice_creates_nothing_twice(coordinator, officeholder):
    data = dutch_csv([row(email=officeholder.email, reference="R1"), row(reference="R2", email="new@example.nl")])
    imported(data, coordinator)
    second = services.check_file(data, body_id=coordinator.body_id, by=coordinator)
    assert [item["reasons"] for item in second.report] == [[Reason.DUPLICATE], [Reason.DUPLICATE]]
    with pytest.raises(ImportRefused):
        services.confirm_import(second.pk, by=coordinator)
    assert EarlierReimbursement.objects.count() == 2


def test_reference_is_the_same_whatever_its_case_and_spaces(coordinator):
    imported(dutch_csv([row(reference="fin 1")]), coordinator)
    again = services.check_file(dutch_csv([row(reference="FIN1")]), body_id=coordinator.body_id, by=coordinator)
    assert again.report[0]["reasons"] == [Reason.DUPLICATE]


def test_second_row_with_the_same_reference_is_refused_as_duplicate_in_file(coordinator):
    run = services.check_file(
        dutch_csv([row(reference="R1"), row(reference="R1")]),
        body_id=coordinator.body_id,
        by=coordinator,
    )
    assert run.report[1]["reasons"] == [Reason.DUPLICATE_IN_FILE]


def test_running_the_task_twice_creates_nothing_twice(coordinator):
    run = services.check_file(dutch_csv([row(reference="R1")]), body_id=coordinator.body_id, by=coordinator)
    services.confirm_import(run.pk, by=coordinator)
    import_earlier_reimbursements(run.pk)
    import_earlier_reimbursements(run.pk)
    run.refresh_from_db()
    assert EarlierReimbursement.objects.count() == 1 and run.processed == 1 and run.status == ImportStatus.DONE


def test_a_reference_imported_meanwhile_is_not_created_again(coordinator):
    first = services.check_file(dutch_csv([row(reference="R1")]), body_id=coordinator.body_id, by=coordinator)
    second = services.check_file(dutch_csv([row(reference="R1")]), body_id=coordinator.body_id, by=coordinator)
    for run in (first, second):
        services.confirm_import(run.pk, by=coordinator)
        services.run_import(run.pk)
    second.refresh_from_db()
    assert EarlierReimbursement.objects.count() == 1 and second.refused_count == 1


def test_rows_of_the_file_are_dropped_once_imported(coordinator):
    run = imported(dutch_csv([row()]), coordinator)
    assert run.rows == ""


def test_every_imported_row_is_audited(coordinator):
    imported(dutch_csv([row(reference=f"R{n}") for n in range(3)]), coordinator)
    ids = set(AuditEvent.objects.filter(action="earlier.imported").values_list("object_id", flat=True))
    assert ids == {str(public_id) for public_id in EarlierReimbursement.objects.values_list("public_id", flat=True)}


def test_address_email_and_reference_are_encrypted_at_rest(coordinator, officeholder):
    imported(dutch_csv([row(email=officeholder.email, reference="FIN-77")]), coordinator)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT postcode, officeholder_email, source_reference, measures FROM earlier_earlierreimbursement"
        )
        stored = " ".join(cursor.fetchone())
    assert "3511" not in stored and officeholder.email not in stored and "FIN-77" not in stored and "safe" not in stored


def test_row_for_an_unknown_email_is_pending_until_the_officeholder_is_invited(coordinator, body):
    run = imported(dutch_csv([row(email="nieuw@example.nl")]), coordinator)
    assert run.pending_count == 1 and EarlierReimbursement.objects.get().is_pending
    invited = OfficeholderFactory(body=body, email="Nieuw@example.nl", is_active=False)
    assert EarlierReimbursement.objects.get().officeholder == invited


def test_row_is_refused_when_the_email_is_of_another_body(coordinator):
    stranger = OfficeholderFactory(body=BodyFactory(name="Gemeente Elders"))
    run = services.check_file(dutch_csv([row(email=stranger.email)]), body_id=coordinator.body_id, by=coordinator)
    assert run.report[0]["reasons"] == [Reason.OTHER_ACCOUNT]


def test_only_a_coordinator_of_the_body_may_import(assessor):
    with pytest.raises(PermissionDenied):
        services.check_file(dutch_csv([row()]), body_id=assessor.body_id, by=assessor)
    assert ImportRun.objects.count() == 0


def test_imported_reimbursement_counts_towards_the_cap_like_an_earlier_grant(coordinator, officeholder):
    imported(
        dutch_csv([row(email=officeholder.email, postcode="3511ab", number="12", addition="a", amount="1.000,00")]),
        coordinator,
    )
    application = version_a_application(officeholder, postcode="3511 AB", address_line="Lindelaan 12 A")
    assert case_from_application(application).earlier_reimbursed_cents == 100_000
    assert findings_for(application).eligible_total_cents == 140_000


def test_findings_say_where_the_earlier_amount_came_from(coordinator, officeholder):
    imported(dutch_csv([row(email=officeholder.email, on="12-03-2022", amount="1.000,00")]), coordinator)
    finding = next(
        f
        for f in findings_for(version_a_application(officeholder, address_line="Lindelaan 12a")).findings
        if f.rule == "is_within_cap"
    )
    assert (
        "€ 1.000,00 reimbursed earlier for this home (taken over from the records of the municipality, 12 March 2022)"
        in finding.assessor_text
    )


def test_version_b_row_does_not_count_towards_the_cap_of_version_a(coordinator, officeholder):
    imported(dutch_csv([row(email=officeholder.email, version="B", on="01-02-2024", measures="camera")]), coordinator)
    assert (
        case_from_application(
            version_a_application(officeholder, address_line="Lindelaan 12 A")
        ).earlier_reimbursed_cents
        == 0
    )


def test_withdrawn_row_no_longer_counts(coordinator, officeholder):
    imported(dutch_csv([row(email=officeholder.email)]), coordinator)
    services.withdraw(
        EarlierReimbursement.objects.get().pk, by=coordinator, reason="Dubbel geboekt in de administratie"
    )
    assert (
        case_from_application(
            version_a_application(officeholder, address_line="Lindelaan 12 A")
        ).earlier_reimbursed_cents
        == 0
    )
    assert AuditEvent.objects.filter(action="earlier.withdrawn").count() == 1


def test_withdrawing_needs_a_reason(coordinator):
    imported(dutch_csv([row()]), coordinator)
    with pytest.raises(ImportRefused):
        services.withdraw(EarlierReimbursement.objects.get().pk, by=coordinator, reason="  ")


def test_correction_changes_the_home_and_keeps_the_reason(coordinator, officeholder):
    imported(dutch_csv([row(email=officeholder.email, number="14")]), coordinator)
    reimbursement = EarlierReimbursement.objects.get()
    services.correct(reimbursement.pk, by=coordinator, reason="Huisnummer verkeerd overgenomen", house_number="12")
    reimbursement.refresh_from_db()
    assert reimbursement.corrections.get().fields == ["house_number"]
    assert (
        case_from_application(
            version_a_application(officeholder, address_line="Lindelaan 12 A")
        ).earlier_reimbursed_cents
        == 100_000
    )


def test_correction_is_refused_without_a_reason(coordinator):
    imported(dutch_csv([row()]), coordinator)
    with pytest.raises(ImportRefused):
        services.correct(EarlierReimbursement.objects.get().pk, by=coordinator, reason="", amount_cents=5)


def test_five_thousand_rows_are_imported_in_one_run(coordinator):
    rows = [
        row(email=f"ambtsdrager{n % 400}@example.nl", number=str(n % 90 + 1), reference=f"FIN-{n:05d}")
        for n in range(5000)
    ]
    run = imported(dutch_csv(rows), coordinator)
    assert (run.status, run.processed, EarlierReimbursement.objects.count()) == (ImportStatus.DONE, 5000, 5000)
    assert AuditEvent.objects.filter(action="earlier.imported").count() == 5000


def test_sweep_queues_a_confirmed_import_that_made_no_progress(coordinator):
    run = services.check_file(dutch_csv([row()]), body_id=coordinator.body_id, by=coordinator)
    assert requeue_stale_imports(grace_seconds=0) == 0  # a dry run waits for the coordinator, not the worker
    services.confirm_import(run.pk, by=coordinator)
    assert requeue_stale_imports(grace_seconds=0) == 1
    assert requeue_stale_imports() == 0  # fresh: its own message is still on its way


def test_import_task_marks_the_run_failed_when_a_batch_breaks(coordinator, monkeypatch):
    run = services.check_file(dutch_csv([row()]), body_id=coordinator.body_id, by=coordinator)
    services.confirm_import(run.pk, by=coordinator)
    monkeypatch.setattr(services, "_reimbursement", lambda run, item: 1 / 0)
    import_earlier_reimbursements(run.pk)
    run.refresh_from_db()
    assert (run.status, run.last_error) == (ImportStatus.FAILED, "ZeroDivisionError")
    assert EarlierReimbursement.objects.count() == 0
