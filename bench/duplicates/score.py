"""Pairwise precision, recall and F1 of a duplicate search against the
truth of its file: FILE (`;`-separated, with record_id and person_id
columns) and PAIRS (a CSV with id_1 and id_2 columns, as intake and
splink_dedupe.py write them). Prints one line of JSON."""
import collections
import csv
import itertools
import json
import sys

file, pairs = sys.argv[1], sys.argv[2]
by = collections.defaultdict(list)
with open(file, newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f, delimiter=";"):
        by[r["person_id"]].append(r["record_id"])
truth = set()
for rids in by.values():
    for a, b in itertools.combinations(sorted(rids), 2):
        truth.add((a, b))
found = set()
with open(pairs, newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        found.add(tuple(sorted((r["id_1"], r["id_2"]))))
tp = len(found & truth)
p = tp / len(found) if found else 0.0
rc = tp / len(truth) if truth else 0.0
f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
print(json.dumps({"truth": len(truth), "found": len(found), "right": tp,
                  "precision": round(p, 4), "recall": round(rc, 4), "f1": round(f1, 4)}))
