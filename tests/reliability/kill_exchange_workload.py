"""Workloads for the exchange kill tests: ``import OFFICE_DB BUNDLE`` imports one bundle;
``export COMMUNE_DB FOLDER`` writes full snapshots again and again. Both are killed from outside."""

from __future__ import annotations

import sys

from ctxh_desktop.services import exchange, session

PASS = "mật khẩu văn phòng"
KEYPASS = "khóa văn phòng"


def main(mode: str, db: str, target: str) -> None:
    if mode == "import":
        s = session.open_session(db, PASS)
        print("ready", flush=True)
        exchange.import_files(s, [target], KEYPASS)
        print("done", flush=True)
        s.close()
    else:
        s = session.open_session(db, "demo")
        print("ready", flush=True)
        while True:
            result = exchange.export(s, target, full=True)
            print(result.path.name, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
