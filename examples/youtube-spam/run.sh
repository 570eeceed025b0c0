#!/usr/bin/env bash
# The labeling -> label model -> snapshot -> train -> eval path on the YouTube spam data (WRENCH
# split of the Snorkel spam tutorial), trained only from weak labels on train.
# Run from anywhere; it works in the repository root. Writes out/youtube-spam/ and
# models/spam-youtube.v1.json. About 2 minutes on 2 cores (most of it MiniLM over 2,056 comments).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
OUT=out/youtube-spam
MODEL=models/spam-youtube.v1.json
mkdir -p "$OUT" models

echo "== 1. label model: generative model over the 10 tutorial LFs' votes on train (never its gold labels)"
./prism labelmodel fit --wrench datasets/wrench_youtube --model generative \
  --report "$OUT/labelmodel.json" --train-proba "$OUT/train_proba.jsonl"

echo "== 2. snapshot: frozen text_embedding@1 (MiniLM) + text_stats@1 from the serving graph; soft labels on train"
./prism snapshot --wrench datasets/wrench_youtube --soft-labels "$OUT/train_proba.jsonl" \
  --meta-csv datasets/youtube_spam_collection/snorkel_tutorial_split_derived.csv \
  --meta-split-column snorkel_split --meta-id-column position_in_split --meta-columns source_file \
  --out "$OUT/snapshot.jsonl"

LABEL_SOURCE="prism labelmodel generative (uniform class balance) over the 10 Snorkel tutorial LFs, WRENCH youtube train"
echo "== 3. train: MLP (64 hidden, L2 0.3) on the soft labels of train; Platt calibration on valid"
./prism train --snapshot "$OUT/snapshot.jsonl" --out "$MODEL" --signal spam@1 --classes ham,spam \
  --owner integrity --label-source "$LABEL_SOURCE" \
  --description "Probability that a short user comment (YouTube-style) is spam: promotion, self-promotion, links to other channels or sites. Trained from weak labels on the YouTube Spam Collection." \
  --labels soft --head mlp --hidden 64 --l2 0.3 --seed 42 --calibration platt

echo "== 3b. a logistic-regression head (L2 1, soft labels) for comparison in the report"
./prism train --snapshot "$OUT/snapshot.jsonl" --out "$OUT/spam-logistic.json" --signal spam@1 --classes ham,spam \
  --owner integrity --label-source "$LABEL_SOURCE" --description "spam (logistic comparison head)" \
  --labels soft --head logistic --l2 1 --calibration platt

echo "== 4. eval on test (250 comments of file 05, never used for training or selection)"
./prism eval --artifact "$MODEL" --snapshot "$OUT/snapshot.jsonl" --split test --out-dir "$OUT/eval" \
  --compare "$OUT/spam-logistic.json" --slice length_bucket --target-precision 0.95 \
  --title "spam@1 on the YouTube test split (weak labels only)"

echo
echo "report: $OUT/eval/report.html (numbers in $OUT/eval/report.json); artifact: $MODEL ($(wc -c < "$MODEL") bytes)"
echo "serve it: ./prism serve --set graph.heads=$MODEL"
