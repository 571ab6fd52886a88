"""Tests of tools.sanitize: pass normally, fail under the hostile_input scenario."""
from tools.sanitize import clean, incoming_sample, read_field


def test_clean_incoming_field():
    assert clean(read_field(incoming_sample())) == "Café bill"


def test_clean_control_characters():
    assert clean("a\x00b\u200bc ") == "abc"
