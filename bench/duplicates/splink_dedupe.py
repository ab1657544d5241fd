"""Splink (DuckDB) on the same file as intake: a dedupe model of the
columns intake compares, trained as Splink's tutorials train one (the
probability of a match from deterministic rules, u by random sampling,
m by expectation maximisation on two blocking rules), pairs at a match
probability of 0.9 or more written as id_1,id_2,score.

    python3 splink_dedupe.py FILE PAIRS [ID_COLUMN]
"""
import sys

import pandas as pd
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI

source, out = sys.argv[1], sys.argv[2]
id_column = sys.argv[3] if len(sys.argv) > 3 else "record_id"
columns = ["first_name", "last_name", "birthdate", "email", "phone", "mobile",
           "address_line1", "postal_code"]
df = pd.read_csv(source, sep=";", dtype=str, keep_default_na=False)
for c in columns:
    if c not in df:
        df[c] = ""
df = df[[id_column] + columns].rename(columns={id_column: "unique_id"})
df["dob"] = pd.to_datetime(df["birthdate"], format="%d.%m.%Y", errors="coerce").dt.strftime("%Y-%m-%d")
df["phone_any"] = df["mobile"].where(df["mobile"] != "", df["phone"])
df["email"] = df["email"].str.lower()
df = df.drop(columns=["birthdate", "phone", "mobile"]).replace("", None)

settings = SettingsCreator(
    link_type="dedupe_only",
    blocking_rules_to_generate_predictions=[
        block_on("first_name", "last_name"),
        block_on("dob"),
        block_on("email"),
        block_on("address_line1", "postal_code"),
        block_on("phone_any"),
    ],
    comparisons=[
        cl.NameComparison("first_name"),
        cl.NameComparison("last_name"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.EmailComparison("email"),
        cl.ExactMatch("address_line1"),
        cl.ExactMatch("postal_code"),
        cl.ExactMatch("phone_any"),
    ],
)
db_api = DuckDBAPI()
linker = Linker(db_api.register(df), settings, log_level="WARNING")
linker.training.estimate_probability_two_random_records_match(
    [block_on("first_name", "last_name", "dob"), block_on("email")], recall=0.7
)
linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("last_name", "postal_code"))
pairs = linker.inference.predict(threshold_match_probability=0.9).as_pandas_dataframe()
pairs = pairs.rename(columns={"unique_id_l": "id_1", "unique_id_r": "id_2", "match_probability": "score"})
pairs[["id_1", "id_2", "score"]].to_csv(out, index=False)
