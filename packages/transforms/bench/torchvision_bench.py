#!/usr/bin/env python3
"""torchvision on PIL images: images per second on one core for the chains of @aug/transforms' bench.

Called by bench/run.mjs (which passes the seconds to measure per chain); prints one JSON object.
"""
import json
import sys
import time
import warnings

import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision import transforms as T

warnings.filterwarnings("ignore")
torch.set_num_threads(1)
seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0  # per chain, measured as 4 windows, best kept
rs = np.random.RandomState(0)
images = [Image.fromarray(rs.randint(0, 256, (32, 32, 3), dtype=np.uint8)) for _ in range(256)]
chains = {
    "seed": T.Compose([T.RandomHorizontalFlip(), T.ToTensor()]),
    "d2l": T.Compose([
        T.RandomHorizontalFlip(),
        T.RandomResizedCrop((32, 32), scale=(0.1, 1), ratio=(0.5, 2)),
        T.ColorJitter(brightness=0.5, contrast=0.5, saturation=0.5, hue=0.5),
        T.ToTensor(),
    ]),
    # issue 20's chains (auto-augment family on the PIL image, then ToTensor; RandomErasing needs a tensor)
    "randaugment": T.Compose([T.RandAugment(num_ops=2, magnitude=9), T.ToTensor()]),
    "trivialaugment": T.Compose([T.TrivialAugmentWide(), T.ToTensor()]),
    "autoaugment": T.Compose([
        T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(), T.AutoAugment(T.AutoAugmentPolicy.CIFAR10), T.ToTensor(),
    ]),
    "rotation": T.Compose([T.RandomRotation(15), T.ToTensor()]),
    "erasing": T.Compose([T.ToTensor(), T.RandomErasing()]),
}
if len(sys.argv) > 2:  # a comma-separated subset of the chains
    chains = {k: v for k, v in chains.items() if k in sys.argv[2].split(",")}
torch.manual_seed(0)
out = {"torch": torch.__version__, "torchvision": torchvision.__version__}
for name, chain in chains.items():
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.5:  # warm-up, as the JS side
        for img in images:
            chain(img)
    # Best of 4 windows: the machine may be shared, and both sides are measured the same way.
    best = 0.0
    for _ in range(4):
        n = 0
        t0 = time.perf_counter()
        while True:
            for img in images:
                chain(img)
            n += len(images)
            el = time.perf_counter() - t0
            if el >= seconds / 4:
                break
        best = max(best, n / el)
    out[name] = best
print(json.dumps(out))
