from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "yidang.accounts"
    verbose_name = "账户与角色"

    def ready(self) -> None:
        from yidang.accounts.signals import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="yidang.sync_role_groups")
