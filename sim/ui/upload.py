"""A file upload that takes both a click (a file picker) and a drop.

Solara's FileDrop only takes drops. Planners expect a button that opens a file chooser, and a
browser test can fill a file input but not easily fake a drop, so this widget has both. The
transfer protocol is ipyvuetify's FileInput (the browser sends byte ranges when asked), as in
Solara's own FileDrop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import solara
import traitlets
from ipyvue import Template
from ipyvuetify.extra import FileInput
from ipywidgets import widget_serialization


class _UploadZone(FileInput):
    template = traitlets.Instance(Template).tag(sync=True, **widget_serialization)  # type: ignore[assignment]
    template_file = (__file__, "upload.vue")
    items = traitlets.List(default_value=cast(list[Any], [])).tag(sync=True)
    label = traitlets.Unicode().tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    multiple = traitlets.Bool(False).tag(sync=True)


@solara.component
def Upload(
    label: str, on_file: Callable[[str, bytes], None], max_bytes: int = 1_000_000, hint: str = ""
):
    """Calls on_file(name, data) once per chosen or dropped file.

    Reads at most `max_bytes` + 1 bytes, so a huge file is never held whole; a `data` longer
    than `max_bytes` tells `on_file` the file was too big."""
    info, set_info = solara.use_state(None)
    files, set_files = solara.use_state(None)
    zone = _UploadZone.element(label=label, hint=hint, on_file_info=set_info, multiple=False)  # type: ignore[attr-defined]

    def wire():
        # The widget exists only inside a render, so it is fetched here and read in a thread.
        if not info:
            return
        widget = cast(_UploadZone, solara.get_widget(zone))
        widget.version += 1  # re-arm the widget's observers, as Solara's FileDrop does
        widget.reset_stats()
        set_files(widget.get_files())

    solara.use_effect(wire, [info])

    def read(cancel):
        if files:
            on_file(files[0]["name"], files[0]["file_obj"].read(max_bytes + 1))

    solara.use_thread(read, [files])
    return zone
