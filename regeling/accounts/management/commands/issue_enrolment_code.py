"""The operator's way to a first enrolment code: for the first administrator, who has no one
above them in the application. Audited as issued by the command (docs/security.md)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from regeling.accounts.enrolment import issue_enrolment_code


class Command(BaseCommand):
    help = "Print a one-time enrolment code with which the account can set up its second factor."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--reason", required=True, help="Why (kept encrypted, the issue is audited).")

    def handle(self, *args, email, reason, **options):
        person = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
        if person is None:
            raise CommandError("No active account with that e-mail address.")
        self.stdout.write(issue_enrolment_code(person, reason=reason))
