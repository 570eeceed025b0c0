#!/usr/bin/env bash
# Embeds the WRENCH youtube split (as ../run.sh does) under several ONNX Runtime and batching
# settings, then compares every snapshot's text_embedding@1 with the first one, bit for bit
# (docs/reproducibility.md). Writes out/repro/. About 15 minutes on 2 cores. Needs python3 + numpy.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
O=out/repro
mkdir -p "$O"
[ -f "$O/train_proba.jsonl" ] || ./prism labelmodel fit --wrench datasets/wrench_youtube --model generative \
  --report "$O/labelmodel.json" --train-proba "$O/train_proba.jsonl" >/dev/null
snap() {
  local name=$1; shift
  ./prism snapshot --wrench datasets/wrench_youtube --soft-labels "$O/train_proba.jsonl" \
    --meta-csv datasets/youtube_spam_collection/snorkel_tutorial_split_derived.csv \
    --meta-split-column snorkel_split --meta-id-column position_in_split --meta-columns source_file \
    --no-progress --out "$O/snap-$name.jsonl" "$@" 2>&1 | grep wrote | sed "s/^/$name: /"
}
snap snapshot-default                                   # prism snapshot's own defaults (deterministic compute on)
snap rerun
snap serving       --set models.onnx.deterministic=false  # the server's settings
for t in 1 2 4 8; do snap "threads$t" --set models.onnx.intra_op_threads=$t; done
for level in extended basic none; do snap "opt-$level" --set models.onnx.optimization=$level; done
snap model-batch1  --set models.text_embedding.model_batch_size=1
snap model-batch8  --set models.text_embedding.model_batch_size=8
snap budget4096    --set models.text_embedding.batch_token_budget=4096
snap graph-batch7  --batch-size 7
python3 examples/youtube-spam/reproducibility/compare_snapshots.py "$O/snap-snapshot-default.jsonl" "$O"/snap-*.jsonl
