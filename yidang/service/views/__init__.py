"""The service desk's pages, one module per concern: tickets (list, register, detail), steps (the flow's
forms), worker (我的工单 on a phone), callbacks (回访 and its figures)."""
