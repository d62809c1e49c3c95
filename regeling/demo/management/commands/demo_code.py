"""The current second-factor code of a demo staff account, for trying `make run`
without an authenticator app. Refuses every account that is not demo data."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_DOMAIN = ".example.nl"


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo staff account (demo data only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not email.lower().endswith(DEMO_DOMAIN):
            raise CommandError("Only demo accounts (…@….example.nl) have codes printed.")
        device = TOTPDevice.objects.filter(user__email=email.lower(), confirmed=True).first()
        if device is None:
            raise CommandError("No authenticator device for that account; run `make demo` first.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
