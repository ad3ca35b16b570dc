"""Refresh the .ts from the code and fill in translations from tab-separated files.

    python tools/fill_translations.py FILE.tsv [FILE.tsv ...]

Each line of a file is ``context<TAB>source<TAB>translation`` (``\\n`` and ``\\t`` written as
such). Every message of that context and source text gets the translation and loses its
"unfinished" mark; lines whose message is not in the code are reported and skipped. The .qm is
rebuilt afterwards. Runs under a lock file, so several people (or helpers) adding translations
at once on one checkout do not overwrite each other's.
"""

from __future__ import annotations

import fcntl
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from update_translations import TS, lrelease, lupdate

LOCK = TS.with_suffix(".lock")


def unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


def read_tsv(paths: list[Path]) -> dict[tuple[str, str], str]:
    wanted: dict[tuple[str, str], str] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                sys.exit(f"{path}:{number}: expected context<TAB>source<TAB>translation")
            context, source, translation = (unescape(p) for p in parts)
            wanted[(context, source)] = translation
    return wanted


def fill(wanted: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    tree = ET.parse(TS)
    used: set[tuple[str, str]] = set()
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            key = (name, source)
            if key not in wanted:
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            translation.text = wanted[key]
            translation.attrib.pop("type", None)
            used.add(key)
    ET.indent(tree, space="    ")
    with TS.open("wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
    return sorted(set(wanted) - used)


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]]
    wanted = read_tsv(paths)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lupdate(TS)
        unknown = fill(wanted)
        lupdate(TS)  # lupdate's own layout again
        lrelease(TS, TS.with_suffix(".qm"))
    for context, source in unknown:
        print(f"not in the code: {context} / {source!r}")
    print(f"filled {len(wanted) - len(unknown)} translations; {TS.name} and its .qm rebuilt")


if __name__ == "__main__":
    main()
