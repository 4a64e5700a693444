"""Schemathesis hooks for .ci/schemathesis.sh: response deserializers for the export formats.

Without them Schemathesis cannot read a CSV or XLSX answer and skips its schema check (the
`missing_deserializer` warning, which fails the run). Each one checks what the format promises
before handing the body to the schema check:
- text/csv: well-formed UTF-8 starting with a byte order mark, every line ended by CRLF (RFC 4180);
- XLSX: a ZIP archive (an XLSX workbook is one), given to the schema as a Latin-1 string.
"""
import schemathesis


@schemathesis.deserializer("text/csv")
def deserialize_csv(ctx, response):
    text = response.content.decode("utf-8")  # strict: bytes that are not UTF-8 raise
    if not text.startswith("\ufeff"):
        raise ValueError("a CSV export must start with a UTF-8 byte order mark")
    if not text.endswith("\r\n") or "\n" in text.replace("\r\n", ""):
        # A bare LF is allowed only inside a quoted field; the API's exports quote such fields.
        unquoted = "".join(part for i, part in enumerate(text.split('"')) if i % 2 == 0)
        if "\n" in unquoted.replace("\r\n", "") or not text.endswith("\r\n"):
            raise ValueError("every CSV record must end with CRLF")
    return text


@schemathesis.deserializer("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
def deserialize_xlsx(ctx, response):
    if not response.content.startswith(b"PK\x03\x04"):
        raise ValueError("an XLSX export must be a ZIP archive")
    return response.content.decode("latin-1")
