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


def enc_u8(t):
    """uint8 CHW tensor -> {h, w, c, data: base64 uint8 HWC}."""
    if t.dim() == 2:
        t = t.unsqueeze(0)
    c, h, w = t.shape
    arr = t.permute(1, 2, 0).contiguous().numpy().astype("u1")
    return {"h": h, "w": w, "c": c, "data": base64.b64encode(arr.tobytes()).decode("ascii")}


def make_u8_inputs():
    g = torch.Generator().manual_seed(4321)
    inputs = {}
    inputs["u8_7x9"] = torch.randint(0, 256, (3, 7, 9), generator=g, dtype=torch.uint8)
    inputs["u8gray_6x5"] = torch.randint(0, 256, (1, 6, 5), generator=g, dtype=torch.uint8)
    # few levels and a constant channel: equalize's step == 0 branch and uneven histograms
    few = torch.randint(0, 4, (3, 8, 6), generator=g, dtype=torch.uint8) * 60
    few[1] = 77
    few[2, :2] = 255
    inputs["u8few_8x6"] = few
    # a narrow range (autocontrast / equalize stretch it)
    inputs["u8narrow_5x8"] = (torch.randint(90, 140, (3, 5, 8), generator=g, dtype=torch.uint8))
    return inputs


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


def make_extra_inputs():
    """Inputs for the kernels of issue 20 only (the first cases keep their inputs)."""
    g = torch.Generator().manual_seed(777)
    extra = {}
    flat = torch.rand(3, 4, 5, generator=g) * 0.5 + 0.2
    flat[1] = 0.4  # a constant channel: autocontrast leaves it
    extra["flat_4x5"] = flat
    extra["tiny_2x5"] = torch.rand(3, 2, 5, generator=g)
    extra["rand_12x16"] = torch.rand(3, 12, 16, generator=g)
    return extra


def add_issue20_cases(inputs, add, cases):
    """Kernels of issue 20 on float images (torchvision's tensor path)."""
    all_inputs = dict(inputs)
    all_inputs.update(make_extra_inputs())
    inputs.update(all_inputs)
    g = torch.Generator().manual_seed(2020)
    for name, img in all_inputs.items():
        c, h, w = img.shape
        rgb = c == 3
        add("invert", name, {}, F.invert(img))
        for t in [0.0, 0.3, 0.5, 1.0]:
            add("solarize", name, {"threshold": t}, F.solarize(img, t))
        for gamma, gain in [(0.5, 1.0), (1.0, 1.0), (2.2, 1.0), (0.8, 1.3), (1.7, 0.6), (0.0, 1.0)]:
            add("adjustGamma", name, {"gamma": gamma, "gain": gain}, F.adjust_gamma(img, gamma, gain))
        add("autocontrast", name, {}, F.autocontrast(img))
        for f in [0.0, 0.5, 1.0, 2.3]:
            add("adjustSharpness", name, {"factor": f}, F.adjust_sharpness(img, f))
        for ks, sigma in [([3, 3], [1.0, 1.0]), ([5, 3], [1.5, 0.7]), ([1, 3], [0.4, 2.0]), ([3, 5], None)]:
            if (ks[0] - 1) // 2 >= w or (ks[1] - 1) // 2 >= h:
                continue
            add("gaussianBlur", name, {"kernelSize": ks, "sigma": sigma}, F.gaussian_blur(img, ks, sigma))
        out = F.convert_image_dtype(img, torch.uint8)
        cases.append({"kernel": "convertImageDtype", "input": name, "args": {"dtype": "uint8"}, "outputU8": enc_u8(out)})
        for (i, j, hh, ww, v) in [(1, 2, 2, 2, 0.0), (0, 0, 2, 3, 0.75), (h - 2, w - 1, 4, 4, 0.3)]:
            add("erase", name, {"i": i, "j": j, "h": hh, "w": ww, "v": v}, F.erase(img, i, j, hh, ww, torch.tensor(v)))
        if rgb:
            add("erase", name, {"i": 1, "j": 0, "h": 2, "w": 3, "v": [0.1, 0.2, 0.3]},
                F.erase(img, 1, 0, 2, 3, torch.tensor([0.1, 0.2, 0.3])[:, None, None]))
        rv = torch.randn(c, 2, 3, generator=g)
        add("erase", name, {"i": 0, "j": 1, "h": 2, "w": 3, "v": rv.permute(1, 2, 0).reshape(-1).tolist()}, F.erase(img, 0, 1, 2, 3, rv))
        for size in [[2, 3], [h, w], [h - 1, w - 2]]:
            outs = F.five_crop(img, size)
            cases.append({"kernel": "fiveCrop", "input": name, "args": {"size": size}, "outputs": [enc(o) for o in outs]})
            for vertical in [False, True]:
                outs = F.ten_crop(img, size, vertical)
                cases.append({"kernel": "tenCrop", "input": name, "args": {"size": size, "vertical": vertical},
                              "outputs": [enc(o) for o in outs]})
        for size in [[3, 4], [2 * h + 1, w + 5], [1, 1], [4, 2 * w], [h - 1, 3]]:
            for aa in [False, True]:
                out = F.resize(img, size, interpolation=InterpolationMode.BICUBIC, antialias=aa)
                add("resize", name, {"size": size, "interpolation": "bicubic", "antialias": aa}, out)
        for (t, l, hh, ww, size) in [(1, 1, 3, 4, [8, 8]), (0, 2, h, w - 2, [3, 3])]:
            for aa in [False, True]:
                out = F.resized_crop(img, t, l, hh, ww, size, interpolation=InterpolationMode.BICUBIC, antialias=aa)
                add("resizedCrop", name, {"top": t, "left": l, "height": hh, "width": ww, "size": size,
                                          "interpolation": "bicubic", "antialias": aa}, out)
        fills = [None, 0.0, 0.5] + ([[0.2, 0.5, 0.9]] if rgb else [[0.3]])
        rot_params = [(30.0, False, None), (-45.0, True, None), (90.0, False, None), (137.5, True, [1, 2]),
                      (12.0, False, [0, 0]), (-200.0, True, None), (180.0, False, None)]
        for k, (angle, expand, center) in enumerate(rot_params):
            for interp in ["nearest", "bilinear"]:
                fill = fills[(k + (interp == "bilinear")) % len(fills)]
                out = F.rotate(img, angle, InterpolationMode(interp), expand, center, fill)
                add("rotate", name, {"angle": angle, "interpolation": interp, "expand": expand, "center": center,
                                     "fill": fill}, out)
        aff_params = [(0.0, [0, 0], 1.0, [0.0, 0.0], None), (25.0, [2, -1], 1.2, [10.0, 0.0], None),
                      (-70.0, [-3, 2], 0.8, [-15.0, 20.0], [1, 3]), (0.0, [0, 0], 1.0, [math.degrees(math.atan(0.3)), 0.0], [0, 0]),
                      (0.0, [0, 0], 1.0, [0.0, math.degrees(math.atan(-0.2))], [0, 0]), (0.0, [4, 0], 1.0, [0.0, 0.0], None),
                      (10.0, [0, -2], 1.5, [5.0, 5.0], None)]
        for k, (angle, tr, sc, sh, center) in enumerate(aff_params):
            for interp in ["nearest", "bilinear"]:
                fill = fills[(k + (interp == "nearest")) % len(fills)]
                out = F.affine(img, angle, tr, sc, sh, InterpolationMode(interp), fill, center)
                add("affine", name, {"angle": angle, "translate": tr, "scale": sc, "shear": sh, "interpolation": interp,
                                     "fill": fill, "center": center}, out)
        persp = [
            [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]],
            [[1, 0], [w - 2, 1], [w - 1, h - 2], [0, h - 1]],
            [[0, 1], [w - 1, 0], [w - 3, h - 1], [2, h - 2]],
        ]
        start = persp[0]
        for k, end in enumerate(persp):
            for interp in ["nearest", "bilinear"]:
                fill = fills[(k + (interp == "bilinear")) % len(fills)]
                out = F.perspective(img, start, end, InterpolationMode(interp), fill)
                coeffs = F._get_perspective_coeffs(start, end)
                add("perspective", name, {"startpoints": start, "endpoints": end, "interpolation": interp, "fill": fill,
                                          "coeffs": coeffs}, out)
        for k, (scale_) in enumerate([0.05, 0.3]):
            disp = (torch.rand(1, h, w, 2, generator=g) * 2 - 1) * scale_
            for interp in ["nearest", "bilinear"]:
                fill = fills[(k + (interp == "bilinear")) % len(fills)]
                out = F.elastic_transform(img, disp, InterpolationMode(interp), fill)
                add("elasticTransform", name, {"displacement": disp.reshape(-1).tolist(), "interpolation": interp,
                                               "fill": fill}, out)


def add_uint8_cases(u8_inputs, cases):
    """uint8 kernels (torchvision's uint8 tensor path, exact integers)."""
    for name, img in u8_inputs.items():
        def add(kernel, args, out):
            cases.append({"kernel": kernel, "input": name, "inputDtype": "uint8", "args": args, "outputU8": enc_u8(out)})
        for bits in [0, 1, 3, 4, 7, 8]:
            add("posterize", {"bits": bits}, F.posterize(img, bits))
        add("equalize", {}, F.equalize(img))
        add("invert", {}, F.invert(img))
        for t in [0, 100, 128, 255]:
            add("solarize", {"threshold": t}, F.solarize(img, t))
        cases.append({"kernel": "convertImageDtype", "input": name, "inputDtype": "uint8", "args": {"dtype": "float32"},
                      "output": enc(F.convert_image_dtype(img, torch.float32))})


def moments(rows, names):
    a = np.array(rows, dtype=np.float64)
    return {"mean": dict(zip(names, a.mean(axis=0).tolist())), "std": dict(zip(names, a.std(axis=0).tolist()))}


def issue20_stats(n):
    """Statistics of the new get_params over n draws each (torch.manual_seed(0) first)."""
    gen = f"scripts/make_goldens.py (torch {torch.__version__}, torchvision {torchvision.__version__})"
    torch.manual_seed(0)
    out = {}
    rows = [[T.RandomRotation.get_params([-15.0, 30.0])] for _ in range(n)]
    out["RandomRotation"] = {"degrees": [-15.0, 30.0], "draws": n, **moments(rows, ["angle"])}
    rows = []
    for _ in range(n):
        a, (tx, ty), sc, (sx, sy) = T.RandomAffine.get_params([-10.0, 10.0], [0.1, 0.2], [0.8, 1.2], [-5.0, 5.0, -3.0, 3.0], [32, 24])
        rows.append([a, tx, ty, sc, sx, sy])
    out["RandomAffine"] = {"degrees": [-10.0, 10.0], "translate": [0.1, 0.2], "scale": [0.8, 1.2], "shear": [-5.0, 5.0, -3.0, 3.0],
                           "imgSize": [32, 24], "draws": n, **moments(rows, ["angle", "tx", "ty", "scale", "shearX", "shearY"])}
    rows = []
    for _ in range(n):
        _, end = T.RandomPerspective.get_params(32, 24, 0.5)
        rows.append([v for p in end for v in p])
    names = ["tlx", "tly", "trx", "try", "brx", "bry", "blx", "bly"]
    out["RandomPerspective"] = {"width": 32, "height": 24, "distortionScale": 0.5, "draws": n, **moments(rows, names)}
    rows = [[T.GaussianBlur.get_params(0.1, 2.0)] for _ in range(n)]
    out["GaussianBlur"] = {"sigma": [0.1, 2.0], "draws": n, **moments(rows, ["sigma"])}
    img = torch.zeros(3, 32, 32)
    rows = []
    fallback = 0
    for _ in range(n):
        i, j, h, w, v = T.RandomErasing.get_params(img, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=[0.0])
        rows.append([i, j, h, w])
        fallback += int(h == 32 and w == 32)
    out["RandomErasing"] = {"height": 32, "width": 32, "scale": [0.02, 0.33], "ratio": [0.3, 3.3], "draws": n,
                            "fallbackFraction": fallback / n, **moments(rows, ["i", "j", "h", "w"])}
    # Elastic: n displacement values per axis from 48x48 fields, and the lag-1 correlation.
    fields = [T.ElasticTransform.get_params([50.0, 50.0], [5.0, 5.0], [48, 48]) for _ in range(n // 2304 + 1)]
    d = torch.cat(fields, 0).numpy().astype(np.float64)  # F x 16 x 16 x 2
    corr = [float(np.corrcoef(d[:, :, :-1, k].ravel(), d[:, :, 1:, k].ravel())[0, 1]) for k in range(2)]
    out["ElasticTransform"] = {"alpha": [50.0, 50.0], "sigma": [5.0, 5.0], "size": [48, 48], "fields": len(fields),
                               "mean": {"dx": float(d[..., 0].mean()), "dy": float(d[..., 1].mean())},
                               "std": {"dx": float(d[..., 0].std()), "dy": float(d[..., 1].std())},
                               "lag1Correlation": {"dx": corr[0], "dy": corr[1]}}
    rows = []
    for _ in range(n):
        pid, probs, signs = T.AutoAugment.get_params(25)
        rows.append([pid, float(probs[0]), float(probs[1]), int(signs[0]), int(signs[1])])
    out["AutoAugment"] = {"transformNum": 25, "draws": n, **moments(rows, ["policyId", "prob0", "prob1", "sign0", "sign1"])}
    # MixUp / CutMix: torchvision 0.16's transforms.v2 semantics, written out here (0.14 has no v2 MixUp/CutMix).
    beta = torch.distributions.Beta(torch.tensor([0.4]), torch.tensor([0.4]))
    rows = [[float(beta.sample(()))] for _ in range(n)]
    out["MixUp"] = {"alpha": 0.4, "draws": n, **moments(rows, ["lam"])}
    beta = torch.distributions.Beta(torch.tensor([1.0]), torch.tensor([1.0]))
    rows = []
    H, W = 24, 32
    for _ in range(n):
        lam = float(beta.sample(()))
        r_x = torch.randint(W, size=(1,))
        r_y = torch.randint(H, size=(1,))
        r = 0.5 * math.sqrt(1.0 - lam)
        r_w_half = int(r * W)
        r_h_half = int(r * H)
        x1 = int(torch.clamp(r_x - r_w_half, min=0))
        y1 = int(torch.clamp(r_y - r_h_half, min=0))
        x2 = int(torch.clamp(r_x + r_w_half, max=W))
        y2 = int(torch.clamp(r_y + r_h_half, max=H))
        rows.append([x1, y1, x2, y2, float(1.0 - (x2 - x1) * (y2 - y1) / (W * H))])
    out["CutMix"] = {"alpha": 1.0, "height": H, "width": W, "draws": n, **moments(rows, ["x1", "y1", "x2", "y2", "lamAdjusted"])}
    for v in out.values():
        v["generator"] = gen
    return out


def write_augment_tables():
    """The auto-augment op tables (names, magnitude bins, signed) and policies, and _apply_op on uint8 images."""
    from torchvision.transforms import autoaugment as AA

    def space(d):
        return [{"name": k, "magnitudes": (m.tolist() if m.ndim > 0 else None), "signed": bool(sg)} for k, (m, sg) in d.items()]

    aa = T.AutoAugment()
    tables = {
        "generator": f"scripts/make_goldens.py (torch {torch.__version__}, torchvision {torchvision.__version__})",
        "imageSize": {"height": 24, "width": 32},
        "AutoAugment": {
            "space": space(aa._augmentation_space(10, (24, 32))),
            "policies": {name: [[list(step) for step in sp] for sp in T.AutoAugment(pol)._get_policies(pol)]
                         for name, pol in [("imagenet", T.AutoAugmentPolicy.IMAGENET), ("cifar10", T.AutoAugmentPolicy.CIFAR10),
                                           ("svhn", T.AutoAugmentPolicy.SVHN)]},
        },
        "RandAugment": {"bins": 31, "space": space(T.RandAugment()._augmentation_space(31, (24, 32)))},
        "TrivialAugmentWide": {"bins": 31, "space": space(T.TrivialAugmentWide()._augmentation_space(31))},
        "AugMix": {"bins": 10, "space": space(T.AugMix()._augmentation_space(10, (24, 32))),
                   "spaceNoAllOps": space(T.AugMix(all_ops=False)._augmentation_space(10, (24, 32)))},
    }
    g = torch.Generator().manual_seed(55)
    img = torch.randint(0, 256, (3, 11, 13), generator=g, dtype=torch.uint8)
    ops = []
    for name, mags in [("Identity", [0.0]), ("ShearX", [0.3, -0.17]), ("ShearY", [-0.3, 0.2]), ("TranslateX", [4.6, -3.0]),
                       ("TranslateY", [-4.9, 2.0]), ("Rotate", [30.0, -13.5]), ("Brightness", [0.9, -0.4]), ("Color", [0.5, -0.9]),
                       ("Contrast", [0.7, -0.6]), ("Sharpness", [0.9, -0.9]), ("Posterize", [4.0, 7.0]), ("Solarize", [100.0, 255.0]),
                       ("AutoContrast", [0.0]), ("Equalize", [0.0]), ("Invert", [0.0])]:
        for mag in mags:
            for interp, fill in [("nearest", None), ("bilinear", [128.0, 0.0, 255.0])]:
                out = AA._apply_op(img, name, mag, InterpolationMode(interp), fill)
                ops.append({"op": name, "magnitude": mag, "interpolation": interp, "fill": fill, "output": enc_u8(out)})
    tables["applyOp"] = {"input": enc_u8(img), "cases": ops}
    with open(os.path.join(OUT, "augment_tables.json"), "w") as fh:
        json.dump(tables, fh, separators=(",", ":"))


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

    add_issue20_cases(inputs, add, cases)

    # to_tensor on a uint8 HWC array
    g = torch.Generator().manual_seed(99)
    u8 = torch.randint(0, 256, (6, 5, 3), generator=g, dtype=torch.uint8)
    to_tensor = {"input": base64.b64encode(u8.numpy().tobytes()).decode("ascii"), "h": 6, "w": 5, "c": 3,
                 "output": enc(F.to_tensor(u8.numpy()))}

    u8_inputs = make_u8_inputs()
    add_uint8_cases(u8_inputs, cases)
    goldens = {
        "generator": f"scripts/make_goldens.py (torch {torch.__version__}, torchvision {torchvision.__version__})",
        "inputs": {k: enc(v) for k, v in inputs.items()},
        "inputsU8": {k: enc_u8(v) for k, v in u8_inputs.items()},
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
    stats.update(issue20_stats(n))
    with open(os.path.join(OUT, "get_params_stats.json"), "w") as fh:
        json.dump(stats, fh, indent=2)
    write_augment_tables()
    print(f"wrote {len(cases)} kernel cases and get_params statistics to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    sys.exit(main())
