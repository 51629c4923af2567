#!/usr/bin/python3
"""Makes the page's data from the CIFAR-10 binary archive (deterministic: first records in file order).

  /usr/bin/python3 scripts/make-data.py  (Debian python3-pil) /work/shared/data/cifar-10-dev.tar.gz

Writes public/data/:
  cifar10-sample.bin   the training page's sample, in the official binary layout (records of 1 label byte +
                       3072 bytes: the R, G and B planes of a 32x32 picture): TRAIN_PER_CLASS pictures per class
                       from data_batch_1.bin, then TEST_PER_CLASS per class from test_batch.bin
  cifar10-sample.json  its counts and class names
  pictures/*.png       the playground's pictures: eight 32x32 CIFAR-10 test pictures, and photo.png, a 512x512
                       photo-like picture (a 4x4 mosaic of CIFAR-10 test pictures upscaled 4x with bicubic)
  pictures.json        the pictures' names and, for photo.png, one box per mosaic tile with its class
"""
import io
import json
import sys
import tarfile
from pathlib import Path

from PIL import Image

TRAIN_PER_CLASS = 200
TEST_PER_CLASS = 50
RECORD = 1 + 3072
CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']

def records(data):
    for i in range(len(data) // RECORD):
        yield data[i * RECORD:(i + 1) * RECORD]

def pick(data, per_class):
    counts = [0] * 10
    out = []
    for rec in records(data):
        if counts[rec[0]] < per_class:
            counts[rec[0]] += 1
            out.append(rec)
        if len(out) == 10 * per_class:
            break
    return out

def to_pil(rec):
    planes = rec[1:]
    rgb = bytearray(3072)
    for p in range(1024):
        rgb[3 * p] = planes[p]
        rgb[3 * p + 1] = planes[1024 + p]
        rgb[3 * p + 2] = planes[2048 + p]
    return Image.frombytes('RGB', (32, 32), bytes(rgb))

def main():
    archive = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/data/cifar-10-dev.tar.gz'
    out = Path(__file__).resolve().parent.parent / 'public' / 'data'
    (out / 'pictures').mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, 'r:gz') as tar:
        train = tar.extractfile('cifar-10-batches-bin/data_batch_1.bin').read()
        test = tar.extractfile('cifar-10-batches-bin/test_batch.bin').read()
    train_recs = pick(train, TRAIN_PER_CLASS)
    test_recs = pick(test, TEST_PER_CLASS)
    (out / 'cifar10-sample.bin').write_bytes(b''.join(train_recs + test_recs))
    (out / 'cifar10-sample.json').write_text(json.dumps({
        'classes': CLASSES, 'train': len(train_recs), 'test': len(test_recs), 'recordBytes': RECORD,
        'source': 'CIFAR-10 binary version: data_batch_1.bin (train) and test_batch.bin (test), first records per class in file order',
    }, indent=2) + '\n')

    # Playground pictures: the first test picture of eight classes (test records after the sample's).
    later = list(records(test))[2000:]
    pictures = []
    seen = set()
    for rec in later:
        c = rec[0]
        if c in seen or c in (1, 9):
            continue
        seen.add(c)
        name = f'cifar-{CLASSES[c]}.png'
        to_pil(rec).save(out / 'pictures' / name, optimize=True)
        pictures.append({'file': name, 'label': CLASSES[c], 'width': 32, 'height': 32, 'boxes': []})
        if len(pictures) == 8:
            break

    # photo.png: a 4x4 mosaic of upscaled test pictures (every class at least once).
    tiles = []
    used = set()
    for rec in later[500:]:
        if len(tiles) < 10 and rec[0] in used:
            continue
        used.add(rec[0])
        tiles.append(rec)
        if len(tiles) == 16:
            break
    mosaic = Image.new('RGB', (512, 512))
    boxes = []
    for k, rec in enumerate(tiles):
        x, y = (k % 4) * 128, (k // 4) * 128
        mosaic.paste(to_pil(rec).resize((128, 128), Image.BICUBIC), (x, y))
        if k in (0, 5, 10, 15):
            boxes.append({'box': [x + 8, y + 8, x + 120, y + 120], 'label': CLASSES[rec[0]]})
    mosaic.save(out / 'pictures' / 'photo.png', optimize=True)
    pictures.append({'file': 'photo.png', 'label': 'mosaic of 16 CIFAR-10 test pictures, 4x bicubic', 'width': 512, 'height': 512, 'boxes': boxes})
    (out / 'pictures.json').write_text(json.dumps(pictures, indent=2) + '\n')

if __name__ == '__main__':
    main()
