from django.apps import AppConfig

TODO_SOURCE = "yidang.loans.queries.todo_for"


class LoansConfig(AppConfig):
    name = "yidang.loans"
    verbose_name = "档案借阅"

    def ready(self) -> None:
        """Loans waiting for someone show in the home page's 今日待办."""
        from yidang.core.todo import TODO_SOURCES

        if TODO_SOURCE not in TODO_SOURCES:
            TODO_SOURCES.append(TODO_SOURCE)
