import pytest

from tokens import codes


def test_generated_codes_have_the_documented_shape():
    code = codes.generate()
    assert code.startswith("tspat_")
    assert len(code) == len("tspat_") + 32 + 6
    assert set(code[len("tspat_") :]) <= set(codes.ALPHABET)
    assert codes.is_well_formed(code)


def test_codes_are_unique():
    assert len({codes.generate() for _ in range(1000)}) == 1000


def test_a_single_changed_character_fails_the_checksum():
    code = codes.generate()
    position = len("tspat_") + 5
    swapped = "a" if code[position] != "a" else "b"
    assert not codes.is_well_formed(code[:position] + swapped + code[position + 1 :])


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "tspat_",
        "ghp_" + "a" * 38,
        "tspat_" + "a" * 37,
        "tspat_" + "!" * 38,
        "tspat_" + "é" * 38,
    ],
)
def test_garbage_is_not_well_formed(garbage):
    assert not codes.is_well_formed(garbage)


def test_prefix_is_a_setting(settings):
    settings.PAT_PREFIX = "xyz_"
    code = codes.generate()
    assert code.startswith("xyz_") and codes.is_well_formed(code)
    settings.PAT_PREFIX = "tspat_"
    assert not codes.is_well_formed(code)


def test_digest_is_sha256_hex():
    import hashlib

    code = codes.generate()
    assert codes.digest(code) == hashlib.sha256(code.encode()).hexdigest()
