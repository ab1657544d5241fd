#!/usr/bin/env python3
"""Generate `crates/core/tests/data/phones.csv`: phone numbers with
libphonenumber's own verdict, for `crates/core/tests/phones.rs`.

intake turns phone cells into E.164 with the Rust `phonenumber` crate, a port
of Google's libphonenumber.  This script asks the reference, Google's
libphonenumber through its Python port, what it makes of a few thousand
numbers of 45 countries, written the ways people write them, so that the test
can measure how far `Phone::parse` agrees with it.

Requirements
------------

    pip install phonenumbers==9.0.33

Version used for the committed file: `phonenumbers` 9.0.33, whose metadata
is libphonenumber 9.0.33, the metadata the `phonenumber` crate 0.3.10+9.0.33
compiles in: the two read the same numbering plans, so a difference is a
difference of code, not of data.  (Another version of the package gives
another file and, where the plans changed, other verdicts.)

Usage (from the repository root)
--------------------------------

    python3 tools/generate_phone_fixture.py -o crates/core/tests/data/phones.csv

Without `-o` the CSV goes to standard output; the number of rows is reported
on standard error.  Everything random comes from one seeded generator
(`--seed`, 17 by default) and nothing depends on hashing order, so running
the script twice gives byte-identical files.

What the file holds
-------------------

One row a number, columns `raw,region,number_region,form,kind,valid,e164`:

- `raw`: the text as a cell would hold it (no comma, no quote: the file needs
  no quoting and the test splits lines on commas);
- `region`: the row's country (ISO alpha-2), the region libphonenumber is
  given; empty for a row without a country;
- `number_region`: the country the number was made for (empty for garbage);
- `form`: how it is written: `national` (the national format, with the
  number's own country as the row's), `plus` (`+CC …`), `plus0` (`+CC (0)…`,
  the national prefix in brackets, where the country has one), `00` (`00CC …`),
  `00-not-idd` (see below), `idd` (the row country's own international prefix
  when it is not `00`: `011` for US and CA, `010` for JP, `0011` for AU…),
  `garbage`;
- `kind`: what the generator meant: `fixed_line` or `mobile` (a number
  libphonenumber judged valid and of that type when it was drawn), `mutated`
  (one of those with a digit dropped, added or changed: mostly invalid), or
  `garbage`;
- `valid` (`1`/`0`) and `e164`: libphonenumber's verdict: whether
  `parse(raw, region)` succeeds and `is_valid_number` holds, and then the
  E.164 form (empty otherwise).  Nothing else: the verdict is the library's,
  never the generator's intent.

The international forms (`plus`, `plus0`, `00`, `idd`) get a random row
country other than the number's own (or none, one time in ten): a number
written with its country code is that country's number whatever the row's.

Two deliberate departures from "libphonenumber's verdict on the text as
written", both intake's documented rules:

- `00-not-idd`: intake reads a leading `00` as the international prefix
  whatever the row's country, and on a row without a country (the files come
  from Europe, where it is).  libphonenumber reads it so only where the
  region's international-prefix pattern matches the start of the number (and
  is not followed by a 0); in
  US, CA, JP, AU, RU, NG, KE… (and without a region) it takes `0039 02…` for
  national digits.  Such rows are marked `00-not-idd` and carry
  libphonenumber's verdict on the same text with `+` for `00`.  Where the
  region's pattern does match, the row stays `00` with libphonenumber's
  verdict on the text as written, even where the pattern takes more than
  `00` (Colombia's `00414`, Singapore's `003`, carrier selection codes).
- Garbage with letters is kept only where libphonenumber refuses it too:
  libphonenumber reads vanity numbers (`1-800-FLOWERS`), skips words around a
  number (`tel. 079 123 45 67`) and extensions (`… ext. 12`), all of which
  intake refuses on purpose (a cell with letters is not a phone number).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat, PhoneNumberType

# The countries the numbers are made for (and the row countries they get).
COUNTRIES = (
    "CH FR DE IT BE NL AT LU ES PT GB IE "
    "US CA BR EG EC JP AU IN CN MX AR ZA MA TN SN "
    "DK SE NO FI PL CZ HU RU TR GR IL NZ SG KR CO PE CL NG KE"
).split()

TYPES = {
    "fixed_line": (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE),
    "mobile": (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE),
}

# Numbers drawn per country and type, and mutated ones per country.
PER_TYPE = 10
MUTATED = 8
GARBAGE = 150

# Cells that are not phone numbers (some near misses).
GARBAGE_WORDS = [
    "n/a", "-", "+", "++", "00", "000", "0", "12", "123", "?", "none", "inconnu",
    "call me", "same as above", "voir email", "+41", "0041", "+0", "+00",
    "(0)", "()", "...", "+-+-", "1-800-FLOWERS", "tel. 079 123 45 67",
    "+41 79 123 45 67 ext. 12", "079 123 45 67 / 021 312 34 56",
    "+41 79 123 45 67 +41 21 312 34 56", "41.79.123.45.67.89.01.23",
    "0041+79 123 45 67", "+41 79 123 45 6a", "+999 123 456 789",
    "+800 1234 5678", "+882 1234 5678", "00 00 00 00 00", "99999999999999999999",
]


def idd_for(region: str) -> str | None:
    """The row country's international prefix when `00` is not one, else None."""
    meta = PhoneMetadata.metadata_for_region(region)
    pattern = meta.international_prefix
    if pattern is None or re.fullmatch(pattern, "00"):
        return None
    preferred = meta.preferred_international_prefix
    if preferred and preferred.isdigit():
        return preferred
    for length in range(2, 6):
        for n in range(10**length):
            candidate = str(n).zfill(length)
            if re.fullmatch(pattern, candidate):
                return candidate
    return None


def verdict(raw: str, region: str) -> tuple[bool, str]:
    try:
        number = phonenumbers.parse(raw, region or None)
    except phonenumbers.NumberParseException:
        return False, ""
    if not phonenumbers.is_valid_number(number):
        return False, ""
    return True, phonenumbers.format_number(number, PhoneNumberFormat.E164)


def idd_taken(raw: str, region: str) -> bool:
    """Whether libphonenumber reads the start of `raw` (`00…`) as `region`'s
    international prefix: its pattern matches the start of the digits and
    the digit after the match is not 0 (`maybeStripInternationalPrefixAndNormalize`
    and `parsePrefixAsIdd`)."""
    pattern = PhoneMetadata.metadata_for_region(region).international_prefix
    digits = re.sub(r"[^0-9]", "", raw)
    found = re.match(pattern, digits)
    return found is not None and not digits[found.end() :].startswith("0")


def draw(rng: random.Random, region: str, kind: str) -> list[phonenumbers.PhoneNumber]:
    """Valid numbers of `region` of the type `kind`: random national numbers
    with the lengths and first digits of the plan, kept when libphonenumber
    says they are valid and of that type."""
    meta = PhoneMetadata.metadata_for_region(region)
    desc = meta.fixed_line if kind == "fixed_line" else meta.mobile
    lengths = [n for n in desc.possible_length if n > 0] or list(
        meta.general_desc.possible_length
    )
    example = phonenumbers.example_number_for_type(region, TYPES[kind][0])
    seed = str(example.national_number) if example else ""
    if example and example.italian_leading_zero:
        seed = "0" * (example.number_of_leading_zeros or 1) + seed
    found: dict[str, phonenumbers.PhoneNumber] = {}
    for _ in range(20000):
        if len(found) == PER_TYPE:
            break
        length = rng.choice(lengths)
        # Keep 1 to 3 leading digits of the example half the time, so that
        # sparse plans still yield numbers; else all digits at random.
        keep = rng.randint(1, 3) if seed and rng.random() < 0.5 else 0
        head = seed[: min(keep, length - 1)]
        national = head + "".join(
            rng.choice("0123456789") for _ in range(length - len(head))
        )
        try:
            number = phonenumbers.parse("+" + str(meta.country_code) + national)
        except phonenumbers.NumberParseException:
            continue
        if (
            phonenumbers.is_valid_number_for_region(number, region)
            and phonenumbers.number_type(number) in TYPES[kind]
        ):
            found.setdefault(phonenumbers.format_number(number, PhoneNumberFormat.E164), number)
    return list(found.values())


def restyle(rng: random.Random, text: str) -> str:
    """The same number as people also write it: as formatted, digits run
    together, dots or dashes for spaces."""
    style = rng.random()
    if style < 0.55:
        return text
    head, body = ("+", text[1:]) if text.startswith("+") else ("", text)
    if style < 0.7:
        return head + re.sub(r"[^0-9]", "", body)
    if style < 0.85:
        return head + re.sub(r"[ ]+", ".", body)
    return head + re.sub(r"[ ]+", "-", body)


def mutate(rng: random.Random, text: str) -> str:
    """Drop, add or change one digit (not the first)."""
    positions = [i for i, c in enumerate(text) if c.isdigit()]
    i = rng.choice(positions[1:] if len(positions) > 1 else positions)
    action = rng.random()
    if action < 0.4:
        return text[:i] + text[i + 1 :]
    if action < 0.8:
        return text[:i] + rng.choice("0123456789") + text[i:]
    return text[:i] + rng.choice([d for d in "0123456789" if d != text[i]]) + text[i + 1 :]


def other_region(rng: random.Random, own: str) -> str:
    if rng.random() < 0.1:
        return ""
    return rng.choice([c for c in COUNTRIES if c != own])


def rows_for(rng: random.Random, own: str) -> list[list[str]]:
    rows = []
    meta = PhoneMetadata.metadata_for_region(own)
    numbers = [(kind, n) for kind in TYPES for n in draw(rng, own, kind)]
    texts = []
    for kind, number in numbers:
        national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        texts.append((kind, national, international))
    for i in range(MUTATED):
        _, national, international = texts[i * len(texts) // MUTATED]
        texts.append(("mutated", mutate(rng, national), mutate(rng, international)))

    for kind, national, international in texts:
        rows.append([restyle(rng, national), own, own, "national", kind])
        rows.append([restyle(rng, international), other_region(rng, own), own, "plus", kind])
        rows.append(
            ["00" + restyle(rng, international)[1:], other_region(rng, own), own, "00", kind]
        )
        # `+CC (0)…`: the national prefix kept in brackets, as written in
        # Europe, where the country has a prefix and its national format
        # shows it.
        prefix = meta.national_prefix
        code = "+" + str(meta.country_code) + " "
        shows_prefix = prefix and national.startswith(prefix)
        if shows_prefix and international.startswith(code) and rng.random() < 0.4:
            rest = international[len(code) :]
            rows.append(
                [code + "(" + prefix + ")" + rest, other_region(rng, own), own, "plus0", kind]
            )
        # The row country's own international prefix where it is not 00.
        if rng.random() < 0.3:
            region = rng.choice([c for c in COUNTRIES if c != own and idd_for(c)])
            rows.append(
                [idd_for(region) + " " + international[1:], region, own, "idd", kind]
            )
    return rows


def garbage(rng: random.Random) -> list[list[str]]:
    rows = []
    for word in GARBAGE_WORDS:
        rows.append([word, rng.choice(COUNTRIES + [""]), "", "garbage", "garbage"])
    while len(rows) < GARBAGE:
        length = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 16, 17, 18, 19, 20, 25])
        text = "".join(rng.choice("0123456789") for _ in range(length))
        if rng.random() < 0.3:
            text = "+" + text
        rows.append([text, rng.choice(COUNTRIES + [""]), "", "garbage", "garbage"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", help="the CSV file (default: stdout)")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    rows = []
    for own in COUNTRIES:
        rows.extend(rows_for(rng, own))
    rows.extend(garbage(rng))

    out = []
    for raw, region, number_region, form, kind in rows:
        raw = raw.strip()
        if form == "00" and (not region or not idd_taken(raw, region)):
            form = "00-not-idd"
            valid, e164 = verdict("+" + raw[2:], region)
        else:
            valid, e164 = verdict(raw, region)
        if form == "garbage" and re.search(r"[A-Za-z]", raw) and valid:
            continue
        for cell in (raw, region, number_region, form, kind):
            if any(c in cell for c in ',"\r\n'):
                raise SystemExit(f"a cell the test cannot split: {cell!r}")
        out.append([raw, region, number_region, form, kind, "1" if valid else "0", e164])

    handle = open(args.output, "w", newline="", encoding="utf-8") if args.output else sys.stdout
    with handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(["raw", "region", "number_region", "form", "kind", "valid", "e164"])
        writer.writerows(out)
    print(f"{len(out)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
