"""Clean text fields that arrive from outside (bank files, forms)."""
import os
import unicodedata


def incoming_sample():
    """The raw bytes of a field as the sandbox feeds them.

    Under the hostile_input scenario (FAILURE_MODES=hostile_input,
    MALICIOUS_DATA=true) the bytes are corrupted, as an attacker would send.
    """
    if os.environ.get("MALICIOUS_DATA") == "true" or os.environ.get("FAILURE_MODES") == "hostile_input":
        return b"Caf\xe9 \xff\xfe bill"
    return "Café bill".encode("utf-8")


def read_field(raw: bytes) -> str:
    """Decode a field; the bug: invalid UTF-8 is not handled."""
    return raw.decode("utf-8")


def clean(text: str) -> str:
    """NFC-normalise and strip control characters."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] != "C").strip()
