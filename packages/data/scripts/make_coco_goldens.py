#!/usr/bin/env python3
"""Golden masks for @aug/data's COCO mask decoding (test/coco-masks.test.ts).

pycocotools cannot be installed here, so this script re-implements the functions of its C core
(cocodataset/cocoapi, PythonAPI/common/maskApi.c: rleEncode, rleDecode, rleMerge, rleFrPoly,
rleFrBbox, rleToString, rleFrString) in numpy/Python, line by line, keeping the C's integer
arithmetic: (int)(x + .5) truncation toward zero, unsigned 32-bit counts, the 5x upsampling of
polygon vertices. The TypeScript port in packages/data/src/coco/ is a separate re-implementation of the
same C; the two agree on every case below, and the hand-made cases at the end have answers worked out
by hand.

Usage: python3 packages/data/scripts/make_coco_goldens.py   (writes test/fixtures/coco/mask-goldens.json)

Every golden stores the expected mask as its column-major uncompressed RLE (`counts`, which
rle_encode returns: the first count is the number of leading zeros) plus the compressed string.
"""
import json
import math
import os

import numpy as np

U32 = 0xFFFFFFFF


def c_int(x):
    """C's (int) cast of a double: truncation toward zero."""
    return int(math.trunc(x))


# ---- maskApi.c: rleEncode ----------------------------------------------------------------
def rle_encode(mask):
    """mask: (h, w) uint8 array; encoded column-major as COCO (Fortran order)."""
    t = np.asarray(mask, dtype=np.uint8).flatten(order='F')
    cnts = []
    p = 0
    c = 0
    for v in t:
        if v != p:
            cnts.append(c)
            c = 0
            p = v
        c += 1
    cnts.append(c)
    return cnts


# ---- rleDecode ---------------------------------------------------------------------------
def rle_decode(cnts, h, w):
    out = np.zeros(h * w, dtype=np.uint8)
    pos = 0
    v = 0
    for c in cnts:
        out[pos:pos + c] = v
        pos += c
        v = 1 - v
    return out.reshape((h, w), order='F')


# ---- rleMerge (union when intersect is False) ---------------------------------------------
def rle_merge(rles, h, w, intersect=False):
    n = len(rles)
    if n == 0:
        return []
    if n == 1:
        return list(rles[0])
    cnts = list(rles[0])
    for i in range(1, n):
        a_cnts = cnts
        b_cnts = rles[i]
        ca = a_cnts[0]
        cb = b_cnts[0]
        v = va = vb = False
        out = []
        a = b = 1
        cc = 0
        ct = 1
        while ct > 0:
            c = min(ca, cb)
            cc += c
            ct = 0
            ca -= c
            if not ca and a < len(a_cnts):
                ca = a_cnts[a]
                a += 1
                va = not va
            ct += ca
            cb -= c
            if not cb and b < len(b_cnts):
                cb = b_cnts[b]
                b += 1
                vb = not vb
            ct += cb
            vp = v
            v = (va and vb) if intersect else (va or vb)
            if v != vp or ct == 0:
                out.append(cc)
                cc = 0
        cnts = out
    return cnts


# ---- rleFrPoly ---------------------------------------------------------------------------
def rle_fr_poly(xy, h, w):
    k = len(xy) // 2
    scale = 5.0
    x = [c_int(scale * xy[j * 2] + .5) for j in range(k)]
    y = [c_int(scale * xy[j * 2 + 1] + .5) for j in range(k)]
    x.append(x[0])
    y.append(y[0])
    u = []
    v = []
    for j in range(k):
        xs, xe, ys, ye = x[j], x[j + 1], y[j], y[j + 1]
        dx = abs(xe - xs)
        dy = abs(ys - ye)
        flip = (dx >= dy and xs > xe) or (dx < dy and ys > ye)
        if flip:
            xs, xe = xe, xs
            ys, ye = ye, ys
        if dx >= dy:
            s = (ye - ys) / dx if dx != 0 else (math.nan if ye == ys else math.copysign(math.inf, ye - ys))
            for d in range(dx + 1):
                t = dx - d if flip else d
                u.append(t + xs)
                v.append(c_int(ys + s * t + .5) if t != 0 or not math.isnan(s) else c_int(ys + .5))
        else:
            s = (xe - xs) / dy
            for d in range(dy + 1):
                t = dy - d if flip else d
                v.append(t + ys)
                u.append(c_int(xs + s * t + .5))
    # get points along y-boundary and downsample
    bx = []
    by = []
    for j in range(1, len(u)):
        if u[j] != u[j - 1]:
            xd = float(u[j] if u[j] < u[j - 1] else u[j] - 1)
            xd = (xd + .5) / scale - .5
            if math.floor(xd) != xd or xd < 0 or xd > w - 1:
                continue
            yd = float(v[j] if v[j] < v[j - 1] else v[j - 1])
            yd = (yd + .5) / scale - .5
            if yd < 0:
                yd = 0
            elif yd > h:
                yd = h
            yd = math.ceil(yd)
            bx.append(int(xd))
            by.append(int(yd))
    # compute rle encoding given y-boundary points
    a = [(bx[j] * h + by[j]) & U32 for j in range(len(bx))]
    a.append((h * w) & U32)
    a.sort()
    p = 0
    for j in range(len(a)):
        t = a[j]
        a[j] = (a[j] - p) & U32
        p = t
    b = [a[0]]
    j = 1
    while j < len(a):
        if a[j] > 0:
            b.append(a[j])
            j += 1
        else:
            j += 1
            if j < len(a):
                b[-1] += a[j]
                j += 1
    return b


# ---- rleFrBbox ---------------------------------------------------------------------------
def rle_fr_bbox(bb, h, w):
    xs, ys = bb[0], bb[1]
    xe, ye = xs + bb[2], ys + bb[3]
    return rle_fr_poly([xs, ys, xs, ye, xe, ye, xe, ys], h, w)


# ---- rleToString / rleFrString -----------------------------------------------------------
def rle_to_string(cnts):
    s = []
    for i in range(len(cnts)):
        x = int(cnts[i])
        if i > 2:
            x -= int(cnts[i - 2])
        more = True
        while more:
            c = x & 0x1f
            x >>= 5  # Python's >> on negative ints is arithmetic, like C's on long here
            more = (x != -1) if (c & 0x10) else (x != 0)
            if more:
                c |= 0x20
            s.append(chr(c + 48))
    return ''.join(s)


def rle_fr_string(s):
    cnts = []
    p = 0
    while p < len(s):
        x = 0
        k = 0
        more = True
        while more:
            c = ord(s[p]) - 48
            x |= (c & 0x1f) << (5 * k)
            more = bool(c & 0x20)
            p += 1
            k += 1
            if not more and (c & 0x10):
                x |= -1 << (5 * k)
        if len(cnts) > 2:
            x += cnts[-2]
        cnts.append(x & U32)
    return cnts


# ---- pycocotools' frPyObjects + merge + decode, as torchvision's CocoDetection wrapper ----
def segmentation_to_mask(segm, h, w):
    if isinstance(segm, dict):
        counts = segm['counts']
        cnts = rle_fr_string(counts) if isinstance(counts, str) else [int(c) & U32 for c in counts]
        return rle_decode(cnts, segm['size'][0], segm['size'][1])
    if len(segm[0]) == 4:
        rles = [rle_fr_bbox(bb, h, w) for bb in segm]
    else:
        rles = [rle_fr_poly(p, h, w) for p in segm]
    return rle_decode(rle_merge(rles, h, w), h, w)


def golden(name, h, w, segm):
    m = segmentation_to_mask(segm, h, w)
    cnts = rle_encode(m)
    return {'name': name, 'height': h, 'width': w, 'segmentation': segm,
            'counts': [int(c) for c in cnts], 'string': rle_to_string(cnts), 'area': int(m.sum())}


def main():
    rng = np.random.default_rng(2024)
    cases = [
        golden('convex hexagon', 20, 24, [[3, 2, 15, 1.5, 21, 9, 16, 18, 5, 17, 1, 10]]),
        golden('concave star', 24, 24, [[12, 1, 14.5, 9, 23, 9, 16, 14, 19, 23, 12, 17.5, 5, 23, 8, 14, 1, 9, 9.5, 9]]),
        golden('touching the border', 10, 12, [[0, 0, 12, 0, 12, 10, 0, 10]]),
        golden('partly outside', 16, 16, [[-4, -3, 10, -2, 20, 9, 6, 19.5]]),
        golden('fractional coordinates', 12, 14, [[1.3, 2.7, 9.61, 1.02, 12.49, 8.5, 4.25, 10.9]]),
        golden('two polygons for one object', 20, 20, [[1, 1, 8, 1, 8, 8, 1, 8], [6, 6, 17, 7, 12, 18]]),
        golden('vertical and horizontal thin', 9, 9, [[4, 0, 5, 0, 5, 9, 4, 9]]),
        golden('degenerate line', 8, 8, [[1, 1, 6, 6, 1, 1.01]]),
        golden('bbox form (4 numbers per entry)', 10, 10, [[2, 3, 4, 5]]),
    ]
    # random polygons (self-intersecting too: the even-odd filling of the C)
    for i in range(3):
        pts = rng.uniform(-2, 26, size=(7, 2)).round(2)
        cases.append(golden(f'random polygon {i}', 22, 25, [pts.flatten().tolist()]))
    # RLE inputs, both encodings, from a random blob mask
    m = (rng.uniform(size=(13, 11)) > 0.55).astype(np.uint8)
    cnts = [int(c) for c in rle_encode(m)]
    cases.append(golden('uncompressed RLE', 13, 11, {'size': [13, 11], 'counts': cnts}))
    cases.append(golden('compressed RLE', 13, 11, {'size': [13, 11], 'counts': rle_to_string(cnts)}))
    big = np.zeros((300, 200), dtype=np.uint8)
    big[17:260, 40:190] = 1
    big[100:120, 60:70] = 0
    cnts = [int(c) for c in rle_encode(big)]
    cases.append(golden('compressed RLE with large counts', 300, 200, {'size': [300, 200], 'counts': rle_to_string(cnts)}))
    # a hand-checked string <-> counts pair (negative differences in the delta coding)
    strings = []
    for counts in ([5, 3, 100, 2, 7, 1, 40000], [0, 12], [3], [1, 2, 3, 4, 5, 4, 3, 2, 1]):
        s = rle_to_string(counts)
        assert rle_fr_string(s) == counts, (counts, s)
        strings.append({'counts': counts, 'string': s})
    # merge goldens
    merges = []
    for i in range(3):
        masks = [(rng.uniform(size=(7, 6)) > 0.6).astype(np.uint8) for _ in range(3)]
        rles = [rle_encode(mm) for mm in masks]
        union = rle_merge(rles, 7, 6)
        inter = rle_merge(rles, 7, 6, intersect=True)
        assert (rle_decode(union, 7, 6) == (masks[0] | masks[1] | masks[2])).all()
        assert (rle_decode(inter, 7, 6) == (masks[0] & masks[1] & masks[2])).all()
        merges.append({'height': 7, 'width': 6, 'inputs': [[int(c) for c in r] for r in rles],
                       'union': [int(c) for c in union], 'intersection': [int(c) for c in inter]})
    # hand-made: the integer rectangle polygon covers exactly x in [2, 6), y in [1, 4)
    hand = segmentation_to_mask([[2, 1, 6, 1, 6, 4, 2, 4]], 6, 8)
    expect = np.zeros((6, 8), dtype=np.uint8)
    expect[1:4, 2:6] = 1
    assert (hand == expect).all(), hand
    out = {'source': 'packages/data/scripts/make_coco_goldens.py (numpy port of pycocotools maskApi.c)',
           'cases': cases, 'strings': strings, 'merges': merges}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'coco', 'mask-goldens.json')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(out, f)
        f.write('\n')
    print('wrote', path, len(cases), 'cases')


if __name__ == '__main__':
    main()
