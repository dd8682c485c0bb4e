from django.apps import AppConfig

TODO_SOURCE = "yidang.inspections.queries.todo_for"


class InspectionsConfig(AppConfig):
    name = "yidang.inspections"
    verbose_name = "质量检查"

    def ready(self) -> None:
        """Overdue chase tasks and proposals waiting for a supervisor show in the home page's 今日待办."""
        from yidang.core.todo import TODO_SOURCES

        if TODO_SOURCE not in TODO_SOURCES:
            TODO_SOURCES.append(TODO_SOURCE)
