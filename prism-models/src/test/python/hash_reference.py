#!/usr/bin/env python3
"""Independent reference for image_phash@1 / image_dhash@1 on the Kodak images.

Written separately from the Java code, with numpy only (no PIL, no scipy): a minimal PNG reader
(8-bit RGB, non-interlaced, the five PNG filters), PIL's integer BT.601 luma, an area-averaging
resample built as overlap matrices (out = Ay @ L @ Ax.T, fractional overlaps in float), the
unnormalized DCT-II as a cosine matrix (what scipy.fftpack.dct computes with norm=None), and
imagehash 4.x's phash/dhash bit layout (row-major, first cell = most significant bit).

Run from the repository root:
  python3 prism-models/src/test/python/hash_reference.py > prism-models/src/test/resources/image-hash-reference.tsv
"""
import glob
import os
import struct
import sys
import zlib

import numpy as np

KODAK = os.path.join(os.path.dirname(__file__), "..", "resources", "kodak")


def read_png_rgb(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, ctype, interlace) == (8, 2, 0), (path, depth, ctype, interlace)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    bpp, stride = 3, w * 3
    out = np.zeros((h, stride), dtype=np.int64)
    prev = np.zeros(stride, dtype=np.int64)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = np.frombuffer(raw, dtype=np.uint8, count=stride, offset=y * (stride + 1) + 1).astype(np.int64)
        cur = np.zeros(stride, dtype=np.int64)
        for x in range(stride):
            a = cur[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 0:
                p = 0
            elif f == 1:
                p = a
            elif f == 2:
                p = b
            elif f == 3:
                p = (a + b) // 2
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            else:
                raise ValueError(f"filter {f}")
            cur[x] = (line[x] + p) & 0xFF
        out[y] = cur
        prev = cur
    return out.reshape(h, w, 3)


def luma(rgb):
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16).astype(np.float64)


def area_matrix(n, m):
    """m x n matrix: row o averages source cells overlapping [o*n/m, (o+1)*n/m)."""
    a = np.zeros((m, n))
    for o in range(m):
        lo, hi = o * n / m, (o + 1) * n / m
        for i in range(int(np.floor(lo)), int(np.ceil(hi))):
            a[o, i] = max(0.0, min(hi, i + 1) - max(lo, i))
    return a / a.sum(axis=1, keepdims=True)


def resample(plane, out_w, out_h):
    h, w = plane.shape
    return area_matrix(h, out_h) @ plane @ area_matrix(w, out_w).T


def dct2_unnormalized(n):
    k = np.arange(n)[:, None]
    x = np.arange(n)[None, :]
    return 2 * np.cos(np.pi * (2 * x + 1) * k / (2 * n))


def bits_hex(bits):
    return "".join(str(int(b)) for b in bits.flatten())


def to_hex(bits):
    return "{:016x}".format(int(bits_hex(bits), 2))


def phash(plane):
    t = resample(plane, 32, 32)
    c = dct2_unnormalized(32)
    d = c @ t @ c.T  # dct along axis 0 then axis 1
    low = d[:8, :8]
    return to_hex(low > np.median(low)), low


def dhash(plane):
    t = resample(plane, 9, 8)
    return to_hex(t[:, 1:] > t[:, :-1])


def main():
    print("# file\tphash\tdhash\tphash_min_margin (smallest |coefficient - median| / median spread; bits near 0 may flip with float order)")
    for path in sorted(glob.glob(os.path.join(KODAK, "kodim*.png"))):
        plane = luma(read_png_rgb(path))
        p, low = phash(plane)
        med = np.median(low)
        margin = np.min(np.abs(low - med)) / (np.max(low) - np.min(low))
        print(f"{os.path.basename(path)}\t{p}\t{dhash(plane)}\t{margin:.3e}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
