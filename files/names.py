"""The uploader's file name, made safe to show and to offer as a download's name.

It is never part of a storage path (files.models names stored files by a random key), so this
only has to keep it readable and harmless in a page or a Content-Disposition header.
"""

import unicodedata

MAX_NAME = 120


def clean_name(raw: str) -> tuple[str, str]:
    """(name, extension): the last path part, without controls, format characters or reserved marks, at most MAX_NAME.

    The extension is the lower-cased part after the last dot, kept when the name is shortened.
    """
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Cc: controls (NUL, newline); Cf: format characters (bidi overrides that turn "gpj.exe" around, zero-widths).
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    # Trailing dots go; a leading one stays until the extension is split off, so a name whose first
    # characters were all removed ("\x8b.pdf") keeps its extension and gets a stem below.
    name = "".join("_" if ch in '<>:"|?*;' else ch for ch in name).strip(" ").rstrip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = extension.lower() if extension.isascii() and extension.isalnum() and len(extension) <= 8 else ""
    stem = stem.strip(" .") or "file"
    room = MAX_NAME - (len(extension) + 1 if extension else 0)
    stem = stem[:room].rstrip(" .") or "file"
    return (f"{stem}.{extension}" if extension else stem), extension
