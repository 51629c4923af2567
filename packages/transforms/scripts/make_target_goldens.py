#!/usr/bin/env python3
"""Writes the reference data for @aug/transforms' box and key-point kernels (test/targets-goldens.test.ts).

    python3 packages/transforms/scripts/make_target_goldens.py   (numpy only)

Output (committed; the tests never run Python): test/fixtures/targets_goldens.json

The box functions below re-implement torchvision v2's tensor kernels in numpy, line by line, in float32 as
torch computes them on float32 boxes: `_meta.py` (`_xywh_to_xyxy`, `_xyxy_to_xywh`, `_cxcywh_to_xyxy`,
`_xyxy_to_cxcywh`, `_convert_bounding_box_format`, `_clamp_bounding_boxes`) and `_geometry.py`
(`horizontal_flip_bounding_boxes`, `vertical_flip_bounding_boxes`, `crop_bounding_boxes`,
`center_crop_bounding_boxes`, `resized_crop_bounding_boxes`, `resize_bounding_boxes`, `pad_bounding_boxes`,
`_affine_bounding_boxes_with_expand` with `affine_bounding_boxes` / `rotate_bounding_boxes`,
`perspective_bounding_boxes`, `elastic_bounding_boxes`), plus `_get_inverse_affine_matrix` and
`_compute_affine_output_size` from torchvision.transforms. torchvision 0.14 (installed here) has no v2, so
the v2 code was read from pytorch/vision main and re-typed; each function names its original.

Where aug deliberately differs from v2, the function says so (marked "aug:"):
- `center_crop` when the crop is larger than the canvas: v2's box kernel uses round((H - h) / 2), one pixel
  off its own image kernel (which pads floor((h - H) / 2) first) for odd differences; aug follows the image.
- `_affine_bounding_boxes_with_expand`'s canvas: v2 computes it with the absolute centre, the image kernel
  with the centre relative to the image centre; the two can differ by one pixel. aug's canvas is the image's.
- `elastic_bounding_boxes` indexes the displacement at ceil(corner), out of range for a corner on the right
  or bottom edge; aug clamps the index to the last pixel.
Key points: torchvision main's key-point kernels could not be consulted from here. The key-point functions
below apply the same maths to points (no clamping, as main after pytorch/vision#9236), with the flips
x -> W - x and y -> H - y of aug's pixel-edge convention (DESIGN.md).

Perspective coefficients: `_get_perspective_coeffs` solves in float64 (numpy's solve here, aug's Gaussian
elimination in the kernel); the tests compare within 1e-4.
"""
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures", "targets_goldens.json")
f32 = np.float32


# ---- _meta.py ------------------------------------------------------------------------------------------

def _xywh_to_xyxy(xywh):
    xyxy = xywh.copy()
    xyxy[..., 2:] += xyxy[..., :2]
    return xyxy


def _xyxy_to_xywh(xyxy):
    xywh = xyxy.copy()
    xywh[..., 2:] -= xywh[..., :2]
    return xywh


def _cxcywh_to_xyxy(cxcywh):
    cxcywh = cxcywh.copy()
    half_wh = np.abs(cxcywh[..., 2:] / f32(-2))
    cxcywh[..., :2] -= half_wh
    cxcywh[..., 2:] += cxcywh[..., :2]
    return cxcywh


def _xyxy_to_cxcywh(xyxy):
    xyxy = xyxy.copy()
    xyxy[..., 2:] -= xyxy[..., :2]
    xyxy[..., :2] = (xyxy[..., :2] * f32(2) + xyxy[..., 2:]) / f32(2)
    return xyxy


def _convert_bounding_box_format(b, old_format, new_format):
    if new_format == old_format:
        return b.copy()
    if old_format == "xywh":
        b = _xywh_to_xyxy(b)
    elif old_format == "cxcywh":
        b = _cxcywh_to_xyxy(b)
    if new_format == "xywh":
        b = _xyxy_to_xywh(b)
    elif new_format == "cxcywh":
        b = _xyxy_to_cxcywh(b)
    return b


def _clamp_bounding_boxes(b, format, canvas_size):
    xyxy = _convert_bounding_box_format(b.copy(), format, "xyxy")
    xyxy[..., 0::2] = np.clip(xyxy[..., 0::2], 0, canvas_size[1])
    xyxy[..., 1::2] = np.clip(xyxy[..., 1::2], 0, canvas_size[0])
    return _convert_bounding_box_format(xyxy, "xyxy", format)


# ---- _geometry.py: flips, crops, resize, pad ---------------------------------------------------------------

def horizontal_flip_bounding_boxes(b, format, canvas_size):
    b = b.copy().reshape(-1, 4)
    if format == "xyxy":
        b[:, [2, 0]] = -(b[:, [0, 2]] - f32(canvas_size[1]))
    elif format == "xywh":
        b[:, 0] = -((b[:, 0] + b[:, 2]) - f32(canvas_size[1]))
    else:
        b[:, 0] = -(b[:, 0] - f32(canvas_size[1]))
    return b


def vertical_flip_bounding_boxes(b, format, canvas_size):
    b = b.copy().reshape(-1, 4)
    if format == "xyxy":
        b[:, [1, 3]] = -(b[:, [3, 1]] - f32(canvas_size[0]))
    elif format == "xywh":
        b[:, 1] = -((b[:, 1] + b[:, 3]) - f32(canvas_size[0]))
    else:
        b[:, 1] = -(b[:, 1] - f32(canvas_size[0]))
    return b


def crop_bounding_boxes(b, format, top, left, height, width):
    sub = [left, top, left, top] if format == "xyxy" else [left, top, 0, 0]
    b = b - np.array(sub, dtype=f32)
    canvas_size = (height, width)
    return _clamp_bounding_boxes(b, format, canvas_size), canvas_size


def _center_crop_anchor(canvas, size):
    # v2: crop_top = int(round((image_height - crop_height) / 2.0)) (Python's round: half to even).
    # aug: when the crop is larger, the image kernel's padding decides: -floor((h - H) / 2).
    def off(dim, crop):
        return -((crop - dim) // 2) if crop > dim else int(round((dim - crop) / 2.0))
    return off(canvas[0], size[0]), off(canvas[1], size[1])


def center_crop_bounding_boxes(b, format, canvas_size, output_size):
    crop_height, crop_width = output_size
    crop_top, crop_left = _center_crop_anchor(canvas_size, output_size)
    return crop_bounding_boxes(b, format, crop_top, crop_left, crop_height, crop_width)


def resize_bounding_boxes(b, canvas_size, size):
    old_height, old_width = canvas_size
    new_height, new_width = size
    if (new_height, new_width) == (old_height, old_width):
        return b.copy(), canvas_size
    w_ratio = new_width / old_width
    h_ratio = new_height / old_height
    ratios = np.array([w_ratio, h_ratio, w_ratio, h_ratio], dtype=f32)
    return (b * ratios).astype(f32), (new_height, new_width)


def resized_crop_bounding_boxes(b, format, top, left, height, width, size):
    b, canvas_size = crop_bounding_boxes(b, format, top, left, height, width)
    return resize_bounding_boxes(b, canvas_size, size)


def pad_bounding_boxes(b, format, canvas_size, padding):
    left, top, right, bottom = padding
    pad = [left, top, left, top] if format == "xyxy" else [left, top, 0, 0]
    b = b + np.array(pad, dtype=f32)
    height, width = canvas_size
    height += top + bottom
    width += left + right
    canvas_size = (height, width)
    return _clamp_bounding_boxes(b, format, canvas_size), canvas_size


# ---- affine ---------------------------------------------------------------------------------------------

def _get_inverse_affine_matrix(center, angle, translate, scale, shear, inverted=True):
    rot = math.radians(angle)
    sx = math.radians(shear[0])
    sy = math.radians(shear[1])
    cx, cy = center
    tx, ty = translate
    a = math.cos(rot - sy) / math.cos(sy)
    b = -math.cos(rot - sy) * math.tan(sx) / math.cos(sy) - math.sin(rot)
    c = math.sin(rot - sy) / math.cos(sy)
    d = -math.sin(rot - sy) * math.tan(sx) / math.cos(sy) + math.cos(rot)
    if inverted:
        matrix = [d, -b, 0.0, -c, a, 0.0]
        matrix = [x / scale for x in matrix]
        matrix[2] += matrix[0] * (-cx - tx) + matrix[1] * (-cy - ty)
        matrix[5] += matrix[3] * (-cx - tx) + matrix[4] * (-cy - ty)
        matrix[2] += cx
        matrix[5] += cy
    else:
        matrix = [a, b, 0.0, c, d, 0.0]
        matrix = [x * scale for x in matrix]
        matrix[2] += matrix[0] * (-cx) + matrix[1] * (-cy)
        matrix[5] += matrix[3] * (-cx) + matrix[4] * (-cy)
        matrix[2] += cx + tx
        matrix[5] += cy + ty
    return matrix


def _compute_affine_output_size(matrix, w, h):
    pts = np.array([[-0.5 * w, -0.5 * h, 1.0], [-0.5 * w, 0.5 * h, 1.0], [0.5 * w, 0.5 * h, 1.0], [0.5 * w, -0.5 * h, 1.0]], dtype=f32)
    theta = np.array(matrix, dtype=f32).reshape(2, 3)
    new_pts = pts @ theta.T
    min_vals, max_vals = new_pts.min(axis=0), new_pts.max(axis=0)
    min_vals = min_vals + np.array((w * 0.5, h * 0.5), dtype=f32)
    max_vals = max_vals + np.array((w * 0.5, h * 0.5), dtype=f32)
    tol = f32(1e-4)
    cmax = np.ceil(np.trunc(max_vals / tol) * tol)
    cmin = np.floor(np.trunc(min_vals / tol) * tol)
    size = cmax - cmin
    return int(size[0]), int(size[1])


def _affine_bounding_boxes_with_expand(b, format, canvas_size, angle, translate, scale, shear, center=None, expand=False):
    if b.size == 0:
        return b, canvas_size
    original_shape = b.shape
    b = _convert_bounding_box_format(b.copy(), format, "xyxy").reshape(-1, 4)
    height, width = canvas_size
    image_center = None if center is None else [center[0] - width * 0.5, center[1] - height * 0.5]
    if center is None:
        center = [width * 0.5, height * 0.5]
    affine_vector = _get_inverse_affine_matrix(center, angle, translate, scale, shear, inverted=False)
    transposed_affine_matrix = np.array(affine_vector, dtype=f32).reshape(2, 3).T
    points = b[:, [[0, 1], [2, 1], [2, 3], [0, 3]]].reshape(-1, 2)
    points = np.concatenate([points, np.ones((points.shape[0], 1), dtype=f32)], axis=-1)
    transformed_points = points @ transposed_affine_matrix
    transformed_points = transformed_points.reshape(-1, 4, 2)
    out_bboxes = np.concatenate([transformed_points.min(axis=1), transformed_points.max(axis=1)], axis=1)
    if expand:
        points = np.array([[0.0, 0.0, 1.0], [0.0, float(height), 1.0], [float(width), float(height), 1.0], [float(width), 0.0, 1.0]], dtype=f32)
        new_points = points @ transposed_affine_matrix
        tr = new_points.min(axis=0, keepdims=True)
        out_bboxes = out_bboxes - np.tile(tr, (1, 2))
        # aug: the canvas is the image kernel's: the inverse matrix about the centre relative to the image
        # centre (v2 passes the absolute centre here, which can change the rounded size by one pixel).
        affine_vector = _get_inverse_affine_matrix(image_center or [0.0, 0.0], angle, translate, scale, shear)
        new_width, new_height = _compute_affine_output_size(affine_vector, width, height)
        canvas_size = (new_height, new_width)
    out_bboxes = _clamp_bounding_boxes(out_bboxes.astype(f32), "xyxy", canvas_size)
    out_bboxes = _convert_bounding_box_format(out_bboxes, "xyxy", format).reshape(original_shape)
    return out_bboxes.astype(f32), canvas_size


def rotate_bounding_boxes(b, format, canvas_size, angle, expand=False, center=None):
    return _affine_bounding_boxes_with_expand(b, format, canvas_size, -angle, [0.0, 0.0], 1.0, [0.0, 0.0], center, expand)


def affine_bounding_boxes(b, format, canvas_size, angle, translate, scale, shear, center=None):
    out, _ = _affine_bounding_boxes_with_expand(b, format, canvas_size, angle, translate, scale, shear, center, False)
    return out


# ---- perspective and elastic ----------------------------------------------------------------------------------

def _get_perspective_coeffs(startpoints, endpoints):
    a = np.zeros((8, 8), dtype=np.float64)
    for i, (p1, p2) in enumerate(zip(endpoints, startpoints)):
        a[2 * i, :] = [p1[0], p1[1], 1, 0, 0, 0, -p2[0] * p1[0], -p2[0] * p1[1]]
        a[2 * i + 1, :] = [0, 0, 0, p1[0], p1[1], 1, -p2[1] * p1[0], -p2[1] * p1[1]]
    b = np.array(startpoints, dtype=np.float64).reshape(8)
    return np.linalg.solve(a, b).tolist()


def _inverse_perspective(c):
    denom = c[0] * c[4] - c[1] * c[3]
    return [
        (c[4] - c[5] * c[7]) / denom,
        (-c[1] + c[2] * c[7]) / denom,
        (c[1] * c[5] - c[2] * c[4]) / denom,
        (-c[3] + c[5] * c[6]) / denom,
        (c[0] - c[2] * c[6]) / denom,
        (-c[0] * c[5] + c[2] * c[3]) / denom,
        (-c[4] * c[6] + c[3] * c[7]) / denom,
        (-c[0] * c[7] + c[1] * c[6]) / denom,
    ]


def perspective_bounding_boxes(b, format, canvas_size, startpoints, endpoints):
    if b.size == 0:
        return b
    perspective_coeffs = _get_perspective_coeffs(startpoints, endpoints)
    original_shape = b.shape
    b = _convert_bounding_box_format(b, format, "xyxy").reshape(-1, 4)
    inv_coeffs = _inverse_perspective(perspective_coeffs)
    theta1 = np.array([[inv_coeffs[0], inv_coeffs[1], inv_coeffs[2]], [inv_coeffs[3], inv_coeffs[4], inv_coeffs[5]]], dtype=f32)
    theta2 = np.array([[inv_coeffs[6], inv_coeffs[7], 1.0], [inv_coeffs[6], inv_coeffs[7], 1.0]], dtype=f32)
    points = b[:, [[0, 1], [2, 1], [2, 3], [0, 3]]].reshape(-1, 2)
    points = np.concatenate([points, np.ones((points.shape[0], 1), dtype=f32)], axis=-1)
    numer_points = points @ theta1.T
    denom_points = points @ theta2.T
    transformed_points = (numer_points / denom_points).reshape(-1, 4, 2)
    out = np.concatenate([transformed_points.min(axis=1), transformed_points.max(axis=1)], axis=1)
    out = _clamp_bounding_boxes(out.astype(f32), "xyxy", canvas_size)
    return _convert_bounding_box_format(out, "xyxy", format).reshape(original_shape)


def _linspace32(start, end, steps):
    # torch.linspace in float32 (values from start below the middle, from end above it); torch's 8-wide
    # vector steps can round the last bit differently, well inside the tests' 1e-4.
    s, e = f32(start), f32(end)
    step = f32((e - s) / f32(steps - 1)) if steps > 1 else f32(0)
    half = steps // 2
    return np.array([f32(s + step * f32(i)) if i < half else f32(e - step * f32(steps - i - 1)) for i in range(steps)], dtype=f32)


def _create_identity_grid(size):
    sy, sx = size
    base_grid = np.empty((1, sy, sx, 2), dtype=f32)
    base_grid[..., 0] = _linspace32((-sx + 1) / sx, (sx - 1) / sx, sx)
    base_grid[..., 1] = _linspace32((-sy + 1) / sy, (sy - 1) / sy, sy)[:, None]
    return base_grid


def elastic_bounding_boxes(b, format, canvas_size, displacement):
    if b.size == 0:
        return b
    original_shape = b.shape
    b = _convert_bounding_box_format(b, format, "xyxy").reshape(-1, 4)
    id_grid = _create_identity_grid(canvas_size)
    inv_grid = id_grid - displacement
    points = b[:, [[0, 1], [2, 1], [2, 3], [0, 3]]].reshape(-1, 2)
    points = np.ceil(points)
    index_xy = points.astype(np.int64)
    # aug: indices clamped to the canvas (v2 would index out of range for a corner at W or H).
    index_x = np.clip(index_xy[:, 0], 0, canvas_size[1] - 1)
    index_y = np.clip(index_xy[:, 1], 0, canvas_size[0] - 1)
    t_size = np.array(canvas_size[::-1], dtype=f32)
    transformed_points = (inv_grid[0, index_y, index_x, :] + f32(1)) * (f32(0.5) * t_size) - f32(0.5)
    transformed_points = transformed_points.reshape(-1, 4, 2)
    out = np.concatenate([transformed_points.min(axis=1), transformed_points.max(axis=1)], axis=1)
    out = _clamp_bounding_boxes(out.astype(f32), "xyxy", canvas_size)
    return _convert_bounding_box_format(out, "xyxy", format).reshape(original_shape)


# ---- key points: the same maths on points, not clamped ---------------------------------------------------------

def keypoints_affine(k, canvas_size, angle, translate, scale, shear, center=None, expand=False):
    height, width = canvas_size
    image_center = None if center is None else [center[0] - width * 0.5, center[1] - height * 0.5]
    if center is None:
        center = [width * 0.5, height * 0.5]
    m = np.array(_get_inverse_affine_matrix(center, angle, translate, scale, shear, inverted=False), dtype=f32).reshape(2, 3).T
    pts = np.concatenate([k.reshape(-1, 2), np.ones((k.size // 2, 1), dtype=f32)], axis=-1) @ m
    if expand:
        corners = np.array([[0.0, 0.0, 1.0], [0.0, float(height), 1.0], [float(width), float(height), 1.0], [float(width), 0.0, 1.0]], dtype=f32)
        pts = pts - (corners @ m).min(axis=0, keepdims=True)
        new_width, new_height = _compute_affine_output_size(_get_inverse_affine_matrix(image_center or [0.0, 0.0], angle, translate, scale, shear), width, height)
        canvas_size = (new_height, new_width)
    return pts.astype(f32).reshape(-1), canvas_size


def keypoints_perspective(k, startpoints, endpoints):
    inv = _inverse_perspective(_get_perspective_coeffs(startpoints, endpoints))
    theta1 = np.array([inv[0:3], inv[3:6]], dtype=f32)
    theta2 = np.array([[inv[6], inv[7], 1.0], [inv[6], inv[7], 1.0]], dtype=f32)
    pts = np.concatenate([k.reshape(-1, 2), np.ones((k.size // 2, 1), dtype=f32)], axis=-1)
    return ((pts @ theta1.T) / (pts @ theta2.T)).astype(f32).reshape(-1)


def keypoints_elastic(k, canvas_size, displacement):
    inv_grid = _create_identity_grid(canvas_size) - displacement
    idx = np.ceil(k.reshape(-1, 2)).astype(np.int64)
    ix = np.clip(idx[:, 0], 0, canvas_size[1] - 1)
    iy = np.clip(idx[:, 1], 0, canvas_size[0] - 1)
    t_size = np.array(canvas_size[::-1], dtype=f32)
    return ((inv_grid[0, iy, ix, :] + f32(1)) * (f32(0.5) * t_size) - f32(0.5)).astype(f32).reshape(-1)


# ---- cases ----------------------------------------------------------------------------------------------------

def short(values):
    # The shortest decimal of each float32 value (the same float32 once parsed and rounded), to keep the file small.
    return [float(np.format_float_positional(f32(v), unique=True, trim="-")) for v in np.asarray(values, dtype=f32).reshape(-1)]


def main():
    rng = np.random.default_rng(2026)
    cases = []
    displacements = []
    canvases = [(37, 53), (20, 20), (31, 18)]

    def boxes_for(canvas, n=6):
        h, w = canvas
        x1 = rng.uniform(-0.2 * w, w, n)
        y1 = rng.uniform(-0.2 * h, h, n)
        bw = rng.uniform(0.5, 0.6 * w, n)
        bh = rng.uniform(0.5, 0.6 * h, n)
        return np.stack([x1, y1, x1 + bw, y1 + bh], axis=1).astype(f32)

    def points_for(canvas, n=5):
        h, w = canvas
        return np.stack([rng.uniform(-2, w + 2, n), rng.uniform(-2, h + 2, n)], axis=1).astype(f32).reshape(-1)

    def add(kind, op, args, fmt, canvas, data, out, out_canvas):
        cases.append({
            "kind": kind, "op": op, "args": args, "format": fmt, "canvasSize": list(canvas),
            "data": short(data),
            "expected": short(out),
            "expectedCanvasSize": list(out_canvas),
        })

    for canvas in canvases:
        h, w = canvas
        xyxy = boxes_for(canvas)
        # Multiples of 1/1024 (exact in float32, short in JSON), stored once per canvas and referenced by index.
        disp = (np.round(rng.uniform(-1, 1, (1, h, w, 2)) * 0.15 * 1024) / 1024).astype(f32)
        displacements.append([float(v) for v in disp.reshape(-1)])
        disp_ref = {"displacement": len(displacements) - 1}
        for fmt in ["xyxy", "xywh", "cxcywh"]:
            b = _convert_bounding_box_format(xyxy, "xyxy", fmt)
            for new in ["xyxy", "xywh", "cxcywh"]:
                add("boundingBoxes", "convertBoundingBoxFormat", [new], fmt, canvas, b, _convert_bounding_box_format(b, fmt, new), canvas)
            add("boundingBoxes", "clampBoundingBoxes", [], fmt, canvas, b, _clamp_bounding_boxes(b, fmt, canvas), canvas)
            add("boundingBoxes", "hflip", [], fmt, canvas, b, horizontal_flip_bounding_boxes(b, fmt, canvas), canvas)
            add("boundingBoxes", "vflip", [], fmt, canvas, b, vertical_flip_bounding_boxes(b, fmt, canvas), canvas)
            for (top, left, ch, cw) in [(3, 5, h // 2, w // 2), (-4, -2, h, w + 3), (h - 3, 1, 7, 9)]:
                out, oc = crop_bounding_boxes(b, fmt, top, left, ch, cw)
                add("boundingBoxes", "crop", [top, left, ch, cw], fmt, canvas, b, out, oc)
            for size in [(h // 2 + 1, w // 2), (h + 3, w + 4), (h - 1, w + 1)]:
                out, oc = center_crop_bounding_boxes(b, fmt, canvas, size)
                add("boundingBoxes", "centerCrop", [list(size)], fmt, canvas, b, out, oc)
            for size in [(2 * h, w // 2 + 1), (17, 23)]:
                out, oc = resize_bounding_boxes(b, canvas, size)
                add("boundingBoxes", "resize", [list(size)], fmt, canvas, b, out, oc)
            out, oc = resized_crop_bounding_boxes(b, fmt, 2, 3, h // 2, w // 2, (24, 24))
            add("boundingBoxes", "resizedCrop", [2, 3, h // 2, w // 2, [24, 24]], fmt, canvas, b, out, oc)
            out, oc = pad_bounding_boxes(b, fmt, canvas, [1, 2, 3, 4])
            add("boundingBoxes", "pad", [[1, 2, 3, 4]], fmt, canvas, b, out, oc)
            for angle, expand, center in [(30.0, False, None), (-75.5, True, None), (90.0, True, None), (12.0, False, [5.0, 7.5]), (200.0, True, None)]:
                out, oc = rotate_bounding_boxes(b, fmt, canvas, angle, expand, center)
                add("boundingBoxes", "rotate", [angle, {"expand": expand, **({"center": center} if center else {})}], fmt, canvas, b, out, oc)
            for angle, tr, sc, sh, center in [(10.0, [2.0, -3.0], 1.1, [5.0, 0.0], None), (-25.0, [0.0, 4.0], 0.8, [-8.0, 12.0], [3.0, 4.0])]:
                out = affine_bounding_boxes(b, fmt, canvas, angle, tr, sc, sh, center)
                add("boundingBoxes", "affine", [angle, tr, sc, sh, {**({"center": center} if center else {})}], fmt, canvas, b, out, canvas)
            start = [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]
            end = [[3, 2], [w - 4, 1], [w - 1, h - 5], [2, h - 2]]
            add("boundingBoxes", "perspective", [start, end], fmt, canvas, b, perspective_bounding_boxes(b, fmt, canvas, start, end), canvas)
            add("boundingBoxes", "elasticTransform", [disp_ref], fmt, canvas, b, elastic_bounding_boxes(b, fmt, canvas, disp), canvas)

        k = points_for(canvas)
        add("keyPoints", "hflip", [], None, canvas, k, np.stack([f32(w) - k[0::2], k[1::2]], axis=1), canvas)
        add("keyPoints", "vflip", [], None, canvas, k, np.stack([k[0::2], f32(h) - k[1::2]], axis=1), canvas)
        add("keyPoints", "crop", [3, -2, 10, 12], None, canvas, k, np.stack([k[0::2] - f32(-2), k[1::2] - f32(3)], axis=1), (10, 12))
        add("keyPoints", "pad", [[1, 2, 3, 4]], None, canvas, k, np.stack([k[0::2] + f32(1), k[1::2] + f32(2)], axis=1), (h + 6, w + 4))
        ratios = np.array([(w // 2 + 1) / w, (2 * h) / h], dtype=f32)
        add("keyPoints", "resize", [[2 * h, w // 2 + 1]], None, canvas, k, (k.reshape(-1, 2) * ratios).astype(f32), (2 * h, w // 2 + 1))
        for angle, expand, center in [(30.0, False, None), (-75.5, True, None), (12.0, False, [5.0, 7.5])]:
            out, oc = keypoints_affine(k, canvas, -angle, [0.0, 0.0], 1.0, [0.0, 0.0], center, expand)
            add("keyPoints", "rotate", [angle, {"expand": expand, **({"center": center} if center else {})}], None, canvas, k, out, oc)
        out, _ = keypoints_affine(k, canvas, 10.0, [2.0, -3.0], 1.1, [5.0, 0.0])
        add("keyPoints", "affine", [10.0, [2.0, -3.0], 1.1, [5.0, 0.0], {}], None, canvas, k, out, canvas)
        start = [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]
        end = [[3, 2], [w - 4, 1], [w - 1, h - 5], [2, h - 2]]
        add("keyPoints", "perspective", [start, end], None, canvas, k, keypoints_perspective(k, start, end), canvas)
        add("keyPoints", "elasticTransform", [disp_ref], None, canvas, k, keypoints_elastic(k, canvas, disp), canvas)

    with open(OUT, "w") as f:
        json.dump({"note": "written by scripts/make_target_goldens.py", "displacements": displacements, "cases": cases}, f, separators=(",", ":"))
    print(f"{len(cases)} cases -> {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
