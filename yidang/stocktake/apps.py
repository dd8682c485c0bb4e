from django.apps import AppConfig

TODO_SOURCE = "yidang.stocktake.queries.todo_for"


class StocktakeConfig(AppConfig):
    name = "yidang.stocktake"
    verbose_name = "档案清点与保管检查"

    def ready(self) -> None:
        """Open stocktakes, storage checks that are due and open follow-ups show in the home page's 今日待办."""
        from yidang.core.todo import TODO_SOURCES

        if TODO_SOURCE not in TODO_SOURCES:
            TODO_SOURCES.append(TODO_SOURCE)
