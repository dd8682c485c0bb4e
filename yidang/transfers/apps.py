from django.apps import AppConfig

TODO_SOURCE = "yidang.transfers.queries.todo_for"


class TransfersConfig(AppConfig):
    name = "yidang.transfers"
    verbose_name = "档案移交"

    def ready(self) -> None:
        """Transfer sheets waiting for the user's signature show in the home page's 今日待办."""
        from yidang.core.todo import TODO_SOURCES

        if TODO_SOURCE not in TODO_SOURCES:
            TODO_SOURCES.append(TODO_SOURCE)
