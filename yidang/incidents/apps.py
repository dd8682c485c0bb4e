from django.apps import AppConfig

TODO_SOURCE = "yidang.incidents.queries.todo_for"


class IncidentsConfig(AppConfig):
    name = "yidang.incidents"
    verbose_name = "档案缺损"

    def ready(self) -> None:
        """Open loss and damage reports show in the home page's 今日待办 of those who handle them."""
        from yidang.core.todo import TODO_SOURCES

        if TODO_SOURCE not in TODO_SOURCES:
            TODO_SOURCES.append(TODO_SOURCE)
