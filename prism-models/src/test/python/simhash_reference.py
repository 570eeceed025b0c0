"""Independent reference for text_simhash@1 (SIMHASH.md), written from the definition with none of
the Java code: prints the hex SimHash of the test texts. Python's str.isalnum/lower match Java's
Character.isLetterOrDigit/toLowerCase(Locale.ROOT) on the texts used here (ASCII and Latin-1)."""
import sys
import unicodedata

MASK = (1 << 64) - 1


def normalize(text):
    n = unicodedata.normalize("NFKC", text).lower()
    out, pending = [], False
    for ch in n:
        if ch.isalnum():
            if pending and out:
                out.append(" ")
            pending = False
            out.append(ch)
        else:
            pending = True
    return "".join(out)


def fmix64(k):
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & MASK
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & MASK
    k ^= k >> 33
    return k


def fnv1a(data):
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & MASK
    return h


def simhash(text, k=3):
    n = normalize(text)
    if not n:
        return 0
    shingles = [n[i:i + k] for i in range(max(1, len(n) - k + 1))]
    votes = [0] * 64
    for s in shingles:
        h = fmix64(fnv1a(s.encode("utf-8")))
        for j in range(64):
            votes[j] += 1 if (h >> j) & 1 else -1
    return sum(1 << j for j in range(64) if votes[j] > 0)


if __name__ == "__main__":
    for line in sys.stdin:
        t = line.rstrip("\n").replace("\\n", "\n")
        print("%016x\t%s" % (simhash(t), t))
