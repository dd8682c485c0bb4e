from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "yidang.accounts"
    verbose_name = "账户与角色"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from yidang.accounts import signals

        post_migrate.connect(signals.sync_role_groups, dispatch_uid="yidang.sync_role_groups")
        user_logged_in.connect(signals.on_logged_in, dispatch_uid="yidang.audit_login")
        user_logged_out.connect(signals.on_logged_out, dispatch_uid="yidang.audit_logout")
        user_login_failed.connect(signals.on_login_failed, dispatch_uid="yidang.audit_login_failed")
        user_locked_out.connect(signals.on_locked_out, dispatch_uid="yidang.audit_locked_out")
