"""Reading a whole file a person chose (a bundle, a config, an enrolment, a recovery sheet) within
a size limit, with a clear message when it is missing, a folder, unreadable or too large."""

from __future__ import annotations

import os
from pathlib import Path

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _


def read_limited(path: Path | str, limit: int, too_large: str) -> bytes:
    """The bytes of the file at ``path``, refused with :class:`UserError` when it is larger than
    ``limit`` bytes (message ``too_large``, already translated), missing, a folder or unreadable."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            if os.fstat(fh.fileno()).st_size > limit:
                raise UserError(too_large)
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise UserError(_("Không tìm thấy tệp {name}.").format(name=path.name)) from None
    except IsADirectoryError:
        raise UserError(
            _("{name} là một thư mục, không phải tệp.").format(name=path.name)
        ) from None
    except OSError:
        raise UserError(_("Không đọc được tệp {name}.").format(name=path.name)) from None
    if len(data) > limit:  # grew after the size was checked
        raise UserError(too_large)
    return data
