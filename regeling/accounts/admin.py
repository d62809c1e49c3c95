from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Body, EnrolmentCode, ExternalIdentity, IdentityProvider, RecoveryCodeDevice, User
from .oidc.config import is_secure_or_loopback


class IdentityProviderForm(forms.ModelForm):
    """The client secret can be replaced, never read back: the field shows empty."""

    discovery_url = forms.URLField(
        label=IdentityProvider._meta.get_field("discovery_url").verbose_name,
        help_text=IdentityProvider._meta.get_field("discovery_url").help_text,
        assume_scheme="https",
        max_length=500,
    )
    client_secret = forms.CharField(
        label=IdentityProvider._meta.get_field("client_secret").verbose_name,
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Stored encrypted and never shown again. Leave empty to keep the current one."),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "enabled",
            "discovery_url",
            "client_id",
            "client_secret",
            "client_secret_name",
            "scopes",
            "roles_claim",
            "assessor_groups",
            "coordinator_groups",
            "second_factor",
            "mfa_acr_values",
        ]

    def clean_discovery_url(self):
        url = self.cleaned_data["discovery_url"]
        if not is_secure_or_loopback(url):
            raise forms.ValidationError(gettext_lazy("Use an https address (http only for this machine, in tests)."))
        return url

    def clean_client_secret(self):
        return self.cleaned_data["client_secret"] or (self.instance.client_secret if self.instance.pk else "")


class IdentityProviderInline(admin.StackedInline):
    """A body's OpenID Connect provider for its staff (README: configuring a provider)."""

    model = IdentityProvider
    form = IdentityProviderForm
    extra = 0
    max_num = 1


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province"]
    inlines = [IdentityProviderInline]


class ExternalIdentityInline(admin.TabularInline):
    """Links an account to its identity at a body's provider (issuer + sub), e.g. an existing local account."""

    model = ExternalIdentity
    extra = 0
    fields = ["issuer", "subject", "linked_at"]
    readonly_fields = ["linked_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "kind", "body", "is_active"]
    list_filter = ["kind", "body", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "preferred_language"]}),
        ("Role", {"fields": ["kind", "body", "office", "appointment_certain_on", "term_ends_on"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("DigiD", {"fields": ["bsn_shown"]}),
    ]
    readonly_fields = ["bsn_shown"]
    inlines = [ExternalIdentityInline]

    @admin.display(description=gettext_lazy("BSN (last digits only)"))
    def bsn_shown(self, obj):
        return obj.bsn_masked or "-"

    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2", "kind", "body"]})]


# Second-factor devices: an administrator may see who has one and remove it (a lost
# phone), but never its secret, QR code or recovery codes, and never add one for
# someone else. django-otp's own admin shows all of those, so it is replaced.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class DeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed"]
    list_filter = ["confirmed"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = fields
    search_fields = ["user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(TOTPDevice, DeviceAdmin)
admin.site.register(StaticDevice, DeviceAdmin)
admin.site.register(RecoveryCodeDevice, DeviceAdmin)


@admin.register(EnrolmentCode)
class EnrolmentCodeAdmin(DeviceAdmin):
    """Who issued which enrolment code, when, and whether it was used; never the code (only its
    hash is stored). Codes are issued on the coordinators' page, not here."""

    list_display = ["user", "purpose", "issued_by", "issued_at", "expires_at", "used_at", "voided_at"]
    list_filter = ["purpose"]
    fields = ["user", "purpose", "issued_by", "reason", "issued_at", "expires_at", "used_at", "voided_at", "failures"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False
