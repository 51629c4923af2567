"""Goldens for @aug/viz's drawing functions from torchvision 0.14's utils (PIL 9.4).

Run from packages/viz: /usr/bin/python3 scripts/make_draw_goldens.py
Writes test/fixtures/draw/: input.png (a 48x64 RGB picture), one PNG per case and cases.json (the
arguments of each case). Labels are not drawn here: torchvision writes them with PIL's bitmap default
font, viz with its own (DejaVu Sans); the label text is tested separately.
"""
import json
import os

import numpy as np
import torch
from PIL import Image
from torchvision.utils import draw_bounding_boxes, draw_keypoints, draw_segmentation_masks

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'draw')
os.makedirs(OUT, exist_ok=True)
H, W = 48, 64

yy, xx = np.mgrid[0:H, 0:W]
rgb = np.stack([(xx * 4 + yy) % 256, (yy * 5 + 40) % 256, ((xx + yy) * 3 + 90) % 256], axis=-1).astype(np.uint8)
Image.fromarray(rgb).save(os.path.join(OUT, 'input.png'))
img = torch.from_numpy(rgb).permute(2, 0, 1).contiguous()
gray = torch.from_numpy(rgb[:, :, 1:2].copy()).permute(2, 0, 1).contiguous()

cases = []


def save(name, out, **args):
    Image.fromarray(out.permute(1, 2, 0).numpy()).save(os.path.join(OUT, f'{name}.png'))
    cases.append({'name': name, **args})


boxes_a = [[2.7, 3.2, 20.9, 17.5], [10, 12, 40, 30], [30.5, 5.0, 62.2, 44.9], [0, 0, 64, 48]]
save('boxes-default', draw_bounding_boxes(img, torch.tensor(boxes_a)), fn='boxes', boxes=boxes_a)
boxes_b = [[4, 4, 30, 24], [20, 10, 50, 40], [45.6, 30.1, 63.9, 47.9]]
colors_b = ['red', '#00ff80', (30, 60, 200)]
save('boxes-fill-width3', draw_bounding_boxes(img, torch.tensor(boxes_b), colors=colors_b, fill=True, width=3),
     fn='boxes', boxes=boxes_b, colors=colors_b, fill=True, width=3)
boxes_c = [[-5, -3, 12, 10], [50, 40, 70, 60], [8, 20, 8, 30], [20, 25, 35, 25]]
save('boxes-edges-width2', draw_bounding_boxes(img, torch.tensor(boxes_c), colors='yellow', width=2),
     fn='boxes', boxes=boxes_c, colors='yellow', width=2)
save('boxes-gray', draw_bounding_boxes(gray, torch.tensor(boxes_b), colors=colors_b, fill=True, width=1),
     fn='boxes', gray=True, boxes=boxes_b, colors=colors_b, fill=True, width=1)

masks = np.zeros((3, H, W), dtype=bool)
masks[0, 5:30, 4:40] = True
masks[1, ((yy - 28) ** 2 + (xx - 36) ** 2) < 200] = True
masks[2, 20:46, 30:62] = True  # the test rebuilds these three planes from the same rules
save('masks-default', draw_segmentation_masks(img, torch.from_numpy(masks)), fn='masks')
save('masks-alpha035', draw_segmentation_masks(img, torch.from_numpy(masks), alpha=0.35, colors=['blue', (255, 128, 0), '#ff00ff']),
     fn='masks', alpha=0.35, colors=['blue', (255, 128, 0), '#ff00ff'])

kps = [[[5.5, 6.2], [20, 8], [33.9, 20.1], [12, 40], [60, 44]], [[40, 4], [52, 15], [44, 30], [62, 2], [30, 35]]]
conn = [[0, 1], [1, 2], [2, 3], [3, 4], [0, 4]]
for r in [0, 1, 2, 3, 4, 5, 7]:
    save(f'keypoints-r{r}', draw_keypoints(img, torch.tensor(kps), colors='red', radius=r), fn='keypoints', keypoints=kps, colors='red', radius=r)
save('keypoints-lines-w3', draw_keypoints(img, torch.tensor(kps), connectivity=conn, colors=(0, 255, 0), radius=2, width=3),
     fn='keypoints', keypoints=kps, connectivity=conn, colors=(0, 255, 0), radius=2, width=3)
save('keypoints-lines-w1', draw_keypoints(img, torch.tensor(kps), connectivity=conn, colors='blue', radius=1, width=1),
     fn='keypoints', keypoints=kps, connectivity=conn, colors='blue', radius=1, width=1)
save('keypoints-lines-w5', draw_keypoints(img, torch.tensor(kps), connectivity=conn, colors='blue', radius=3, width=5),
     fn='keypoints', keypoints=kps, connectivity=conn, colors='blue', radius=3, width=5)

with open(os.path.join(OUT, 'cases.json'), 'w') as f:
    json.dump({'height': H, 'width': W, 'cases': cases}, f)
print(f'wrote {len(cases)} cases to {OUT}')
