#!/usr/bin/env python3
"""Makes the small ImageFolder and COCO fixtures of @aug/data's tests from real CIFAR-10 pictures.

Usage (from the repository root; needs numpy and PIL):

    tar xzf cifar-10-dev.tar.gz -C /tmp
    python3 packages/data/scripts/make_dataset_fixtures.py /tmp/cifar-10-batches-bin/data_batch_1.bin

CIFAR-10's binary records are 1 label byte + 3072 bytes (the R, G and B planes, each 32x32 row-major).
Writes packages/data/test/fixtures/image-folder/ and packages/data/test/fixtures/coco/ (images,
annotations.json, sources.bin: the raw CIFAR pictures pasted into the canvases, 32*32*3 HWC bytes each,
and placements.json: where each one was pasted). The masks in annotations.json are made with the numpy
re-implementation of pycocotools' maskApi.c in make_coco_goldens.py (rle_encode, rle_to_string).
"""
import json
import os
import shutil
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_coco_goldens import rle_encode, rle_to_string  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'test', 'fixtures')


def read_cifar(path, count):
    raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 3073)[:count]
    labels = raw[:, 0].astype(int)
    # planes (3, 32, 32) -> HWC
    images = raw[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy()
    return labels, images


def make_image_folder(images):
    root = os.path.join(FIXTURES, 'image-folder')
    shutil.rmtree(root, ignore_errors=True)
    # 'Zebra' sorts before 'apple' by code point (Python's sorted), after it in locale order.
    files = {
        'Zebra': [('z1.png', 0), ('z2.JPG', 1), ('z3.Png', 2), ('sub/z4.jpeg', 3)],
        'apple': [('a1.png', 4), ('a2.jpeg', 5), ('a3.PNG', 6), ('a4.jpg', 7)],
        'bird': [('b1.png', 8), ('b2.JPEG', 9), ('nested/deeper/b3.png', 10), ('b4-gray.png', 11)],
    }
    manifest = []
    for cls, entries in files.items():
        for name, k in entries:
            path = os.path.join(root, cls, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            img = Image.fromarray(images[k], 'RGB')
            if name.endswith('-gray.png'):
                img = img.convert('L')
            if name.lower().endswith(('.jpg', '.jpeg')):
                img.save(path, format='JPEG', quality=95)
            else:
                img.save(path, format='PNG')
            manifest.append({'path': f'{cls}/{name}', 'source': k})
    with open(os.path.join(root, 'apple', 'notes.txt'), 'w') as f:
        f.write('not an image: ImageFolder skips this file\n')
    with open(os.path.join(root, 'README.txt'), 'w') as f:
        f.write('a file at the root is not a class\n')
    with open(os.path.join(root, 'sources.bin'), 'wb') as f:
        f.write(images[:12].tobytes())
    with open(os.path.join(root, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')


def rect_mask(h, w, x, y, size=32):
    m = np.zeros((h, w), dtype=np.uint8)
    m[y:y + size, x:x + size] = 1
    return m


def make_coco(images, labels):
    root = os.path.join(FIXTURES, 'coco')
    shutil.rmtree(os.path.join(root, 'images'), ignore_errors=True)  # mask-goldens.json (the other script's) stays
    os.makedirs(os.path.join(root, 'images', 'val'), exist_ok=True)
    # (image id, file name, width, height, [(source index, x, y), ...])
    canvases = [
        (42, 'val/canvas-a.png', 96, 80, [(20, 4, 6), (21, 50, 40)]),
        (7, 'canvas-b.png', 80, 64, [(22, 40, 20), (23, 0, 0), (24, 64, 52)]),
        (19, 'canvas-c.png', 64, 48, []),
    ]
    sources = []
    placements = []
    anns = []
    out_images = []
    ann_id = 100
    for image_id, file_name, w, h, pasted in canvases:
        canvas = np.full((h, w, 3), 0, dtype=np.uint8)
        canvas[:, :, 0] = np.arange(w, dtype=np.uint8)[None, :] * 2
        canvas[:, :, 1] = np.arange(h, dtype=np.uint8)[:, None] * 3
        canvas[:, :, 2] = 90
        for (k, x, y) in pasted:
            ph = min(32, h - y)
            pw = min(32, w - x)
            canvas[y:y + ph, x:x + pw] = images[k][:ph, :pw]
            placements.append({'imageId': image_id, 'source': len(sources), 'x': x, 'y': y})
            sources.append(images[k])
        Image.fromarray(canvas, 'RGB').save(os.path.join(root, 'images', file_name), format='PNG')
        out_images.append({'id': image_id, 'file_name': file_name, 'width': w, 'height': h})

    def ann(image_id, cat, bbox, segmentation, iscrowd=0, area=None, **extra):
        nonlocal ann_id
        ann_id += 1
        a = {'id': ann_id, 'image_id': image_id, 'category_id': cat, 'bbox': bbox,
             'segmentation': segmentation, 'iscrowd': iscrowd,
             'area': float(area if area is not None else bbox[2] * bbox[3])}
        a.update(extra)
        anns.append(a)

    # canvas-a (96x80): a rectangle polygon with keypoints; a concave L-shape made of two polygons.
    ann(42, 3, [4, 6, 32, 32], [[4, 6, 36, 6, 36, 38, 4, 38]],
        keypoints=[10, 12, 2, 30.5, 20.25, 1, 0, 0, 0], num_keypoints=2)
    ann(42, 5, [50, 40, 32, 32], [[50, 40, 66, 40, 66, 72, 50, 72], [66, 56, 82, 56, 82, 72, 66, 72]],
        keypoints=[60, 50, 2, 70, 60, 2, 80, 70, 2], num_keypoints=3)
    # canvas-b (80x64): uncompressed RLE (crowd), compressed RLE, a polygon partly outside the canvas.
    m = rect_mask(64, 80, 40, 20)
    ann(7, 3, [40, 20, 32, 32], {'size': [64, 80], 'counts': [int(c) for c in rle_encode(m)]}, iscrowd=1)
    m = rect_mask(64, 80, 0, 0)
    m[10:20, 10:20] = 0  # a hole
    ann(7, 9, [0, 0, 32, 32], {'size': [64, 80], 'counts': rle_to_string(rle_encode(m))}, area=int(m.sum()))
    ann(7, 5, [64, 52, 16, 12], [[64, 52, 96.5, 52, 96.5, 84.25, 64, 84.25]])
    categories = [{'id': 3, 'name': 'cat', 'supercategory': 'animal',
                   'keypoints': ['left_ear', 'right_ear', 'nose'], 'skeleton': [[1, 3], [2, 3]]},
                  {'id': 5, 'name': 'dog', 'supercategory': 'animal',
                   'keypoints': ['left_ear', 'right_ear', 'nose'], 'skeleton': [[1, 3], [2, 3]]},
                  {'id': 9, 'name': 'truck', 'supercategory': 'vehicle'}]
    data = {'info': {'description': '@aug/data test fixture: CIFAR-10 pictures pasted on gradient canvases'},
            'images': out_images, 'annotations': anns, 'categories': categories}
    with open(os.path.join(root, 'annotations.json'), 'w') as f:
        json.dump(data, f, indent=1)
        f.write('\n')
    with open(os.path.join(root, 'sources.bin'), 'wb') as f:
        f.write(np.stack(sources).tobytes())
    with open(os.path.join(root, 'placements.json'), 'w') as f:
        json.dump(placements, f, indent=1)
        f.write('\n')


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    labels, images = read_cifar(sys.argv[1], 30)
    make_image_folder(images)
    make_coco(images, labels)


if __name__ == '__main__':
    main()
