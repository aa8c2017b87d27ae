"""tally.py - per organization: activities, participants and distinct
quarters in 2026, with pandas (Debian's python3-pandas)."""
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1], usecols=["org_id", "date", "participants"],
                 dtype={"org_id": str, "date": str, "participants": "int64"})
df = df[(df["date"] >= "2026-01-01") & (df["date"] <= "2026-12-31")]
df["q"] = (df["date"].str.slice(5, 7).astype("int8") - 1) // 3
out = df.groupby("org_id").agg(activities=("participants", "size"),
                               participants=("participants", "sum"),
                               quarters=("q", "nunique"))
out.to_csv(sys.stdout)
