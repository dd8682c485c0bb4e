from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from yidang.accounts.actions import user_password_change
from yidang.accounts.models import User
from yidang.accounts.queries import deactivation_refusal


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form (old password, new twice, the validators), saved through the action so it is audited."""

    def save(self, commit: bool = True) -> Any:
        return user_password_change(user=self.user, new_password=self.cleaned_data["new_password1"], actor=self.user)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "autofocus": True,
                "placeholder": "123456",
            }
        ),
    )


class UserAdminChangeForm(UserChangeForm):
    """The admin's user form; refuses unticking 「有效」 for a user who still holds a folder (exit clearance)."""

    class Meta(UserChangeForm.Meta):
        model = User

    def clean_is_active(self) -> bool:
        active = bool(self.cleaned_data.get("is_active"))
        was_active = User.objects.filter(pk=self.instance.pk, is_active=True).exists()
        if was_active and not active:
            refusal = deactivation_refusal(self.instance)
            if refusal:
                raise forms.ValidationError(refusal, code="holds_folders")
        return active
