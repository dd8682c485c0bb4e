from django.apps import AppConfig

TODO_SOURCE = "yidang.retention.queries.todo_for"


class RetentionConfig(AppConfig):
    name = "yidang.retention"
    verbose_name = "保管期限与销毁"

    def ready(self) -> None:
        """Destruction lists waiting for the general manager, appraisals due: the home page's 今日待办."""
        from yidang.core.todo import TODO_SOURCES

        if TODO_SOURCE not in TODO_SOURCES:
            TODO_SOURCES.append(TODO_SOURCE)
