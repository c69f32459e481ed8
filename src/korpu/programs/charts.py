"""The line charts moved to :mod:`korpu.common.charts`; kept for existing imports."""

from korpu.common.charts import compact_number, line_chart, nice_ticks

__all__ = ["compact_number", "line_chart", "nice_ticks"]
