from django.apps import AppConfig

TODO_SOURCE = "yidang.backups.queries.todo_for"


class BackupsConfig(AppConfig):
    name = "yidang.backups"
    verbose_name = "备份与校验"

    def ready(self) -> None:
        """A failed or missed backup, or scans found altered, show in the home page's 今日待办."""
        from yidang.core.todo import TODO_SOURCES

        if TODO_SOURCE not in TODO_SOURCES:
            TODO_SOURCES.append(TODO_SOURCE)
