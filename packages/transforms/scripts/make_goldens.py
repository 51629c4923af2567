#!/usr/bin/env python3
"""Writes the torchvision reference data that @aug/transforms' golden tests compare against.

Needs Debian's python3-torch (1.13) and python3-torchvision (0.14):
    apt-get install python3-torchvision
    /usr/bin/python3 packages/transforms/scripts/make_goldens.py

Outputs (committed; the tests never run Python):
    test/fixtures/goldens.json         kernel inputs/outputs, float images on torchvision's tensor path
    test/fixtures/get_params_stats.json statistics of RandomResizedCrop.get_params over 100,000 draws

Images are stored HWC (aug's layout) as base64 little-endian float32, so the values are exact.
"""
import base64
import json
import math
import os
import sys
import warnings

import numpy as np
import torch
import torchvision
import torchvision.transforms as T
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures")


def enc(t):
    """CHW tensor -> {h, w, c, data: base64 float32 HWC}."""
    if t.dim() == 2:
        t = t.unsqueeze(0)
    c, h, w = t.shape
    arr = t.permute(1, 2, 0).contiguous().to(torch.float32).numpy().astype("<f4")
    return {"h": h, "w": w, "c": c, "data": base64.b64encode(arr.tobytes()).decode("ascii")}


def make_inputs():
    g = torch.Generator().manual_seed(1234)
    inputs = {}
    for (h, w) in [(5, 7), (8, 8), (13, 11)]:
        inputs[f"rand_{h}x{w}"] = torch.rand(3, h, w, generator=g)
    # uint8-like values with saturated pixels, greys (r == g == b) and ties between channels,
    # to exercise the hue edge cases (max == r == g, s == 0, h wrapping).
    q = torch.randint(0, 256, (3, 8, 8), generator=g).float() / 255.0
    q[:, 0, :] = torch.tensor([0.0, 0.5, 1.0]).view(3, 1)  # distinct
    q[:, 1, :] = q[0, 1, :]  # grey row
    q[1, 2, :] = q[0, 2, :]  # r == g
    q[2, 3, :] = q[0, 3, :]  # r == b
    q[2, 4, :] = q[1, 4, :]  # g == b
    q[:, 5, 0] = 1.0
    q[:, 5, 1] = 0.0
    inputs["quant_8x8"] = q
    inputs["gray_6x9"] = torch.rand(1, 6, 9, generator=g)
    return inputs


def main():
    inputs = make_inputs()
    rgb = [k for k in inputs if not k.startswith("gray")]
    cases = []

    def add(kernel, name, args, out):
        cases.append({"kernel": kernel, "input": name, "args": args, "output": enc(out)})

    for name, img in inputs.items():
        add("hflip", name, {}, F.hflip(img))
        add("vflip", name, {}, F.vflip(img))
        _, h, w = img.shape
        for (t, l, hh, ww) in [(1, 2, 3, 4), (0, 0, h, w), (-2, -1, h + 1, w + 3), (h - 2, w - 3, 4, 5)]:
            add("crop", name, {"top": t, "left": l, "height": hh, "width": ww}, F.crop(img, t, l, hh, ww))
        for size in [[3, 4], [h, w], [2 * h + 1, w + 5], [1, 1], [4, 2 * w], [h - 1, 3]]:
            for aa in [False, True]:
                out = F.resize(img, size, interpolation=InterpolationMode.BILINEAR, antialias=aa)
                add("resize", name, {"size": size, "interpolation": "bilinear", "antialias": aa}, out)
            out = F.resize(img, size, interpolation=InterpolationMode.NEAREST)
            add("resize", name, {"size": size, "interpolation": "nearest", "antialias": False}, out)
        for (t, l, hh, ww, size) in [(1, 1, 3, 4, [8, 8]), (0, 2, h, w - 2, [3, 3]), (2, 0, h - 2, w, [5, 9])]:
            for interp, aa in [("bilinear", False), ("bilinear", True), ("nearest", False)]:
                out = F.resized_crop(img, t, l, hh, ww, size, interpolation=InterpolationMode(interp), antialias=aa)
                add("resizedCrop", name, {"top": t, "left": l, "height": hh, "width": ww, "size": size,
                                          "interpolation": interp, "antialias": aa}, out)
        for size in [[3, 3], [4, 5], [h + 3, w + 2], [h, w + 1], [2, w]]:
            add("centerCrop", name, {"size": size}, F.center_crop(img, size))
        for padding in [[1], [1, 2], [2, 1, 0, 3]]:
            for mode, fill in [("constant", 0), ("constant", 0.5), ("edge", 0), ("reflect", 0), ("symmetric", 0)]:
                add("pad", name, {"padding": padding, "fill": fill, "mode": mode},
                    F.pad(img, padding, fill=fill, padding_mode=mode))
        for f in [0.0, 0.5, 1.0, 1.7]:
            add("adjustBrightness", name, {"factor": f}, F.adjust_brightness(img, f))
        for f in [0.0, 0.3, 1.0, 2.5]:
            add("adjustContrast", name, {"factor": f}, F.adjust_contrast(img, f))
        for f in [0.0, 0.5, 1.0, 1.6]:
            add("adjustSaturation", name, {"factor": f}, F.adjust_saturation(img, f))
        if name in rgb:
            for f in [-0.5, -0.27, 0.0, 0.1, 0.33, 0.5]:
                add("adjustHue", name, {"factor": f}, F.adjust_hue(img, f))
        for n in [1, 3]:
            add("rgbToGrayscale", name, {"numOutputChannels": n}, F.rgb_to_grayscale(img, n))
        c = img.shape[0]
        mean = [0.485, 0.456, 0.406][:c]
        std = [0.229, 0.224, 0.225][:c]
        add("normalize", name, {"mean": mean, "std": std}, F.normalize(img, mean, std))

    # to_tensor on a uint8 HWC array
    g = torch.Generator().manual_seed(99)
    u8 = torch.randint(0, 256, (6, 5, 3), generator=g, dtype=torch.uint8)
    to_tensor = {"input": base64.b64encode(u8.numpy().tobytes()).decode("ascii"), "h": 6, "w": 5, "c": 3,
                 "output": enc(F.to_tensor(u8.numpy()))}

    goldens = {
        "generator": f"scripts/make_goldens.py (torch {torch.__version__}, torchvision {torchvision.__version__})",
        "inputs": {k: enc(v) for k, v in inputs.items()},
        "cases": cases,
        "toTensor": to_tensor,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "goldens.json"), "w") as fh:
        json.dump(goldens, fh, separators=(",", ":"))

    # RandomResizedCrop.get_params on a 32x32 image, scale (0.1, 1), ratio (0.5, 2), 100,000 draws.
    torch.manual_seed(0)
    img = torch.zeros(3, 32, 32)
    n = 100_000
    draws = np.array([T.RandomResizedCrop.get_params(img, [0.1, 1.0], [0.5, 2.0]) for _ in range(n)], dtype=np.float64)
    stats = {
        "generator": f"scripts/make_goldens.py (torch {torch.__version__}, torchvision {torchvision.__version__})",
        "RandomResizedCrop": {
            "height": 32, "width": 32, "scale": [0.1, 1.0], "ratio": [0.5, 2.0], "draws": n,
            "mean": dict(zip(["top", "left", "height", "width"], draws.mean(axis=0).tolist())),
            "std": dict(zip(["top", "left", "height", "width"], draws.std(axis=0).tolist())),
            "fullImageFraction": float(np.mean((draws[:, 2] == 32) & (draws[:, 3] == 32))),
        },
    }
    with open(os.path.join(OUT, "get_params_stats.json"), "w") as fh:
        json.dump(stats, fh, indent=2)
    print(f"wrote {len(cases)} kernel cases and get_params statistics to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    sys.exit(main())
