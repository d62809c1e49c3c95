"""Demo bodies and accounts for `make run`, printed on start. Safe to run again."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from regeling.accounts.models import Body, BodyKind, Office, User, UserKind
from regeling.accounts.twofactor import create_totp_device, needs_second_factor, totp_secret
from regeling.budgets.models import Budget
from regeling.objections.models import BodyObjectionSettings
from regeling.objections.states import Court

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - demo data only, printed on purpose

BODIES = [
    {
        "slug": "gemeente",
        "name": "Gemeente Demodam",
        "kind": BodyKind.MUNICIPALITY,
        "province": "Zuid-Holland",
        "deciding_organ": "het college van burgemeester en wethouders van Demodam",
        "postal_address": "Postbus 100, 2500 AA Demodam",
        "officeholder": ("Wim", "de Wethouder", Office.ALDERMAN, "wethouder"),
    },
    {
        "slug": "provincie",
        "name": "Provincie Demoland",
        "kind": BodyKind.PROVINCE,
        "province": "Demoland",
        "deciding_organ": "Gedeputeerde Staten van Demoland",
        "postal_address": "Postbus 200, 3500 BB Demostad",
        "officeholder": ("Greet", "Gedeputeerde", Office.PROVINCIAL_EXECUTIVE, "gedeputeerde"),
    },
    {
        "slug": "waterschap",
        "name": "Waterschap Demowaard",
        "kind": BodyKind.WATER_BOARD,
        "province": "Zuid-Holland",
        "deciding_organ": "het dagelijks bestuur van Waterschap Demowaard",
        "postal_address": "Postbus 300, 2800 CC Demowaard",
        "officeholder": ("Victor", "Voorzitter", Office.WATER_BOARD_CHAIR, "voorzitter"),
    },
]


class Command(BaseCommand):
    help = "Create demo employer bodies and accounts, and print how to sign in."

    @transaction.atomic
    def handle(self, *args, **options):
        rows = []
        for spec in BODIES:
            body, _ = Body.objects.update_or_create(
                name=spec["name"],
                defaults={
                    "kind": spec["kind"],
                    "province": spec["province"],
                    "deciding_organ": spec["deciding_organ"],
                    "postal_address": spec["postal_address"],
                    "contact_phone": "14 0000",
                    "contact_email": f"veiligwonen@{spec['slug']}.example.nl",
                    "iban": "NL91ABNA0417164300",
                    "bic": "ABNANL2A",
                },
            )
            # The competent court for appeals after objection (Awb 8:7); the water board has an advisory committee.
            BodyObjectionSettings.objects.update_or_create(
                body=body,
                defaults={"court": Court.DEN_HAAG, "advisory_committee": spec["kind"] == BodyKind.WATER_BOARD},
            )
            # A budget for this year, so demo grants can be committed (docs/workflow.md, Budget).
            Budget.objects.get_or_create(
                body=body, year=timezone.localdate().year, defaults={"budget_cents": 5_000_000}
            )
            first, last, office, mailbox = spec["officeholder"]
            accounts = [
                (f"{mailbox}@{spec['slug']}.example.nl", UserKind.OFFICEHOLDER, first, last, office),
                (f"beoordelaar@{spec['slug']}.example.nl", UserKind.ASSESSOR, "Bea", "Beoordelaar", ""),
                (f"tweede@{spec['slug']}.example.nl", UserKind.COORDINATOR, "Tom", "Tweede", ""),
            ]
            for email, kind, first_name, last_name, office_value in accounts:
                user = self.ensure_user(
                    email,
                    kind=kind,
                    body=body,
                    first_name=first_name,
                    last_name=last_name,
                    office=office_value,
                    appointment_certain_on=date(2022, 5, 1) if office_value else None,
                    term_ends_on=date(2030, 5, 1) if office_value else None,
                )
                rows.append((body.name, user.get_kind_display(), email))
        self.ensure_user(
            "beheer@regeling.example.nl",
            kind=UserKind.ADMINISTRATOR,
            is_staff=True,
            is_superuser=True,
            first_name="Ada",
            last_name="Beheerder",
        )
        rows.append(("-", UserKind.ADMINISTRATOR.label, "beheer@regeling.example.nl"))
        # The ministry's analyst: national figures only (docs/figures.md).
        self.ensure_user("analist@minbzk.example.nl", kind=UserKind.NATIONAL, first_name="Anouk", last_name="Analist")
        rows.append(("-", UserKind.NATIONAL.label, "analist@minbzk.example.nl"))
        self.print_accounts(rows)
        self.print_second_factors()

    def ensure_user(self, email, **fields) -> User:
        user, created = User.objects.update_or_create(email=email, defaults=fields)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def print_second_factors(self) -> None:
        """Everyone needs an authenticator app (issue #15): demo accounts get one set up already,
        so no enrolment code is needed; print each demo secret and its provisioning URI."""
        out = self.stdout
        out.write("Second factor (TOTP): add the secret or the otpauth:// URI to an authenticator app,")
        out.write("or print the current code: .venv/bin/python manage.py demo_code <e-mail>")
        for user in User.objects.filter(email__endswith=".example.nl").order_by("email"):
            if not needs_second_factor(user):
                continue
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or create_totp_device(user)
            out.write(f"  {user.email}  secret {totp_secret(device)}")
            out.write(f"    {device.config_url}")
        out.write("")

    def print_accounts(self, rows) -> None:
        out = self.stdout
        out.write("")
        out.write(f"regeling runs at {settings.SITE_URL}  (Ctrl-C stops web, worker and beat)")
        out.write(f"Demo accounts, all with password: {DEMO_PASSWORD}")
        width = max(len(r[2]) for r in rows)
        for body, kind, email in rows:
            out.write(f"  {email:<{width}}  {kind:<14} {body}")
        out.write("")
