"""Tool errors: why a file could not be audited, each with its own exit code.

These are separate from finding codes. Every message names the file and says
what to do about it, in one line.
"""

from __future__ import annotations

# Exit codes. 0 and 1 are about findings (nothing / something reached
# --fail-on); 2 is a usage error; 3+ say why an input could not be read.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3  # corrupt, truncated, not the format its name says
EXIT_ENCRYPTED = 4
EXIT_NO_TEXT = 5  # scanned PDF with no text layer
EXIT_UNSUPPORTED = 6  # format we cannot read here (.doc without LibreOffice, ...)
EXIT_TOO_LARGE = 7  # decompression bomb or beyond size limits
EXIT_EMPTY = 8  # empty file
EXIT_ENCODING = 9  # text whose encoding cannot be determined
EXIT_OUTPUT = 10  # output cannot be written / would overwrite the input


class AuditorError(Exception):
    """An input or output problem to report in one line, never as a traceback."""

    exit_code = EXIT_UNREADABLE
    code = "E-READ"

    def __init__(self, path: str, message_zh: str, message_en: str | None = None):
        self.path = str(path)
        self.message_zh = message_zh
        self.message_en = message_en or message_zh
        super().__init__(f"{self.path}: {message_en or message_zh}")

    def __reduce__(self):
        # Errors cross process boundaries in `audit --jobs N`.
        return (type(self), (self.path, self.message_zh, self.message_en))

    def message(self, lang: str = "zh") -> str:
        msg = self.message_en if lang == "en" else self.message_zh
        return f"{self.path}: {msg}"


class UnreadableError(AuditorError):
    exit_code = EXIT_UNREADABLE
    code = "E-READ"


class EncryptedError(AuditorError):
    exit_code = EXIT_ENCRYPTED
    code = "E-ENCRYPTED"


class NoTextLayerError(AuditorError):
    exit_code = EXIT_NO_TEXT
    code = "E-NOTEXT"


class UnsupportedFormatError(AuditorError):
    exit_code = EXIT_UNSUPPORTED
    code = "E-FORMAT"


class TooLargeError(AuditorError):
    exit_code = EXIT_TOO_LARGE
    code = "E-SIZE"


class EmptyInputError(AuditorError):
    exit_code = EXIT_EMPTY
    code = "E-EMPTY"


class EncodingError(AuditorError):
    exit_code = EXIT_ENCODING
    code = "E-ENCODING"


class OutputError(AuditorError):
    exit_code = EXIT_OUTPUT
    code = "E-OUTPUT"
