#!/usr/bin/env python3
"""torchvision's ImageFolder + DataLoader on the bench's JPEG folder, for @aug/data's bench (bench/run.mjs).

  torch_image_folder.py make SRC OUT N     writes OUT/<class>/<index>.jpg: the first N training pictures of SRC
                                           (CIFAR-10's binary layout: a .tar.gz or a cifar-10-batches-bin/),
                                           upscaled to 256x256 with PIL's bicubic filter, JPEG quality 90
  torch_image_folder.py run ROOT EPOCHS    ImageFolder(ROOT, RandomResizedCrop(224) + RandomHorizontalFlip +
                                           ToTensor), DataLoader(batch_size=64, shuffle=True, num_workers=2);
                                           prints one JSON object with the figures
  torch_image_folder.py steps ROOT N       ms per picture of each step on one thread (PIL open + convert('RGB'),
                                           RandomResizedCrop(224), RandomHorizontalFlip, ToTensor)

The figures are measured as the aug side measures them: per epoch, the images after the first batch over the
time from the first batch to the last (steady state; the first batch includes starting the workers), plus the
whole epoch's time.
"""
import io
import json
import os
import sys
import tarfile
import time

import numpy as np

RECORD = 3073
TRAIN_FILES = [f"data_batch_{i}.bin" for i in range(1, 6)]


def read_cifar(src):
    files = {}
    if os.path.isfile(src):
        with tarfile.open(src, "r:gz") as tar:
            for m in tar.getmembers():
                if m.isfile():
                    files[os.path.basename(m.name)] = tar.extractfile(m).read()
    else:
        d = os.path.join(src, "cifar-10-batches-bin") if os.path.isdir(os.path.join(src, "cifar-10-batches-bin")) else src
        for name in os.listdir(d):
            with open(os.path.join(d, name), "rb") as f:
                files[name] = f.read()
    classes = [c.strip() for c in files["batches.meta.txt"].decode().split("\n") if c.strip()]
    train = np.frombuffer(b"".join(files[f] for f in TRAIN_FILES), dtype=np.uint8).reshape(-1, RECORD)
    return classes, train


def make(src, out, n):
    from PIL import Image

    classes, train = read_cifar(src)
    for i in range(n):
        label = int(train[i, 0])
        pixels = train[i, 1:].reshape(3, 32, 32).transpose(1, 2, 0)
        d = os.path.join(out, classes[label])
        os.makedirs(d, exist_ok=True)
        img = Image.fromarray(np.ascontiguousarray(pixels)).resize((256, 256), Image.BICUBIC)
        img.save(os.path.join(d, f"{i:05d}.jpg"), quality=90)
    print(json.dumps({"images": n, "classes": len(classes)}))


def run(root, epochs):
    import torch
    from torchvision import datasets
    from torchvision import transforms as T

    torch.set_num_threads(1)
    torch.manual_seed(0)
    tf = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip(), T.ToTensor()])
    ds = datasets.ImageFolder(root, transform=tf)
    loader = torch.utils.data.DataLoader(ds, batch_size=64, shuffle=True, num_workers=2)
    out = {"images": len(ds), "epochs": []}
    for _ in range(epochs):
        start = time.perf_counter()
        first = None
        after_first = 0
        for n, (x, y) in enumerate(loader):
            if n == 0:
                first = time.perf_counter()
            else:
                after_first += x.shape[0]
        end = time.perf_counter()
        out["epochs"].append({
            "steady_images_per_sec": after_first / (end - first),
            "epoch_images_per_sec": len(ds) / (end - start),
            "first_batch_ms": (first - start) * 1000,
        })
    out["steady_images_per_sec"] = max(e["steady_images_per_sec"] for e in out["epochs"])
    out["epoch_images_per_sec"] = max(e["epoch_images_per_sec"] for e in out["epochs"])
    out["versions"] = {"torch": torch.__version__, "torchvision": __import__("torchvision").__version__}
    print(json.dumps(out))


def steps(root, n):
    """ms per picture of each step on one thread, as bench/run.mjs measures aug's (warm-up, then n pictures)."""
    import glob

    import torch
    from PIL import Image
    from torchvision import transforms as T

    torch.set_num_threads(1)
    torch.manual_seed(0)
    files = sorted(glob.glob(os.path.join(root, "*", "*.jpg")))[:n]

    def per_item(fn, items):
        for x in items[:32]:
            fn(x)
        start = time.perf_counter()
        out = [fn(x) for x in items]
        return out, (time.perf_counter() - start) / len(items) * 1000

    def load(path):  # torchvision's pil_loader
        with open(path, "rb") as f:
            img = Image.open(f)
            return img.convert("RGB")

    imgs, decode = per_item(load, files)
    cropped, crop = per_item(T.RandomResizedCrop(224), imgs)
    flipped, flip = per_item(T.RandomHorizontalFlip(), cropped)
    _, to_tensor = per_item(T.ToTensor(), flipped)
    print(json.dumps({"read+decode": decode, "crop": crop, "flip": flip, "to_tensor": to_tensor}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1] == "steps":
        steps(sys.argv[2], int(sys.argv[3]))
    else:
        run(sys.argv[2], int(sys.argv[3]))
