"""The progress writer: a new message and the end at once, the same message throttled."""

from korpu.common import progress


class Row:
    """Stands for a queryset of one row: records what ``update`` was given."""

    def __init__(self):
        self.updates = []

    def update(self, **fields):
        self.updates.append(fields)


def test_new_messages_and_the_end_are_written_at_once_the_rest_throttled(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    row = Row()
    write = progress.progress_writer(row, message_length=5, interval=0.5)
    write(0.1, "figures")
    write(0.2, "figures")  # same message, 0 s later: skipped
    clock[0] += 0.6
    write(0.3, "figures")  # same message, 0.6 s later: written
    write(0.4, "charts")  # new message: written at once
    write(1.0, "charts")  # the end: written at once
    write(7, "done")  # clamped to 1
    assert row.updates == [
        {"progress": 0.1, "progress_message": "figur"},
        {"progress": 0.3, "progress_message": "figur"},
        {"progress": 0.4, "progress_message": "chart"},
        {"progress": 1.0, "progress_message": "chart"},
        {"progress": 1.0, "progress_message": "done"},
    ]
