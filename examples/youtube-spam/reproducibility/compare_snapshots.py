#!/usr/bin/env python3
"""Compares the text_embedding@1 columns of prism snapshots against a reference snapshot.

For each run: the snapshot file's SHA-256, how many items/components differ, the max absolute
difference, the difference in float32 ULPs (units in the last place of the reference value:
max, and max over components with |x| >= 0.01, where ULP counts mean something), and how many
components would still differ after rounding both snapshots to N significant bits or to a fixed
absolute quantum 2^-k: any nonzero count means a content hash over the rounded values changes too.
Needs numpy. Used for docs/reproducibility.md.
"""
import hashlib, json, sys
import numpy as np

def load(path):
    ids, emb = [], []
    with open(path) as f:
        for line in f:
            o = json.loads(line)
            ids.append(o["id"])
            emb.append(o["features"]["text_embedding@1"])
    # the JSON holds Java's Float.toString of each float32: parsing to double and casting back is exact
    return ids, np.array(emb, dtype=np.float64).astype(np.float32)

def round_sig(x, bits):
    m, e = np.frexp(x.astype(np.float64))
    return np.ldexp(np.round(m * 2.0**bits) / 2.0**bits, e)

def round_abs(x, k):
    return np.round(x.astype(np.float64) * 2.0**k)

def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()[:12]

if len(sys.argv) < 3:
    sys.exit("usage: compare_snapshots.py REFERENCE.jsonl OTHER.jsonl... (same items in the same order)")
ref_path, others = sys.argv[1], sys.argv[2:]
rids, ref = load(ref_path)
print(f"reference: {ref_path} ({ref.shape[0]} items x {ref.shape[1]} = {ref.size} components), sha256 {sha(ref_path)}")
print("| run | snapshot sha256 | items differing | components differing | max abs diff | max ULP (all / abs>=0.01) | still differing after rounding to 16 / 12 / 8 significant bits | ... to 2^-16 / 2^-12 / 2^-8 absolute |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for path in others:
    n = path
    ids, x = load(path)
    if ids != rids:
        sys.exit(f"{path}: not the same items in the same order as {ref_path}")
    diff = np.abs(x.astype(np.float64) - ref.astype(np.float64))
    ulp = diff / np.spacing(np.abs(ref)).astype(np.float64)
    big = np.abs(ref) >= 0.01
    comp = int((diff > 0).sum()); items = int((diff > 0).any(axis=1).sum())
    sig = [int((round_sig(x, b) != round_sig(ref, b)).sum()) for b in (16, 12, 8)]
    ab = [int((round_abs(x, k) != round_abs(ref, k)).sum()) for k in (16, 12, 8)]
    print(f"| {n} | {sha(path)} | {items} | {comp} | {diff.max():.3g} | {ulp.max():.0f} / {ulp[big].max():.0f} | "
          f"{' / '.join(map(str, sig))} | {' / '.join(map(str, ab))} |")
