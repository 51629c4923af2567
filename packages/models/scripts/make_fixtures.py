#!/usr/bin/env python3
"""Write the PyTorch equality fixtures for @aug/models.

Builds d2l's ResNet-18 (``d2l.resnet18`` from "Dive into Deep Learning",
section 13.6, written out below so the script needs only torch) at a small
width, applies d2l's ``init_weights`` (Xavier-uniform on every Conv2d and
Linear weight), randomises the BatchNorm affine parameters and running
statistics (so a wrong name mapping cannot hide behind gamma=1, beta=0,
mean=0, var=1), and records:

* ``state/<name>``   every parameter and buffer, in PyTorch layout
                     (Conv2d OIHW, Linear [out, in]); num_batches_tracked skipped
* ``input``          a fixed batch, stored NHWC (already transposed for tfjs)
* ``labels``         integer class labels (JSON, in the manifest)
* ``eval_logits``    logits of ``net.eval()(input)``
* ``train_loss``     ``nn.CrossEntropyLoss()`` (reduction='mean') of
                     ``net.train()(input)``  (JSON, in the manifest)
* ``grad/<name>``    gradients of that loss for a few named parameters
* ``running/<name>`` BatchNorm running_mean / running_var after that one
                     train-mode forward (momentum 0.1, unbiased variance)
* ``batch_count/<bn name>`` N*H*W reduced over by that BatchNorm (JSON)

Output: ``test/fixtures/resnet18_w8.json`` (manifest) and
``test/fixtures/resnet18_w8.bin`` (little-endian float32, entries back to back).

Run with Debian's python3-torch:  /usr/bin/python3 scripts/make_fixtures.py
"""
import copy
import json
import os

import torch
from torch import nn
from torch.nn import functional as F

WIDTH = 8
IN_CHANNELS = 3
NUM_CLASSES = 10
INPUT_SIZE = 16
BATCH = 4
SEED = 0
HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, '..', 'test', 'fixtures')
STEM = 'resnet18_w8'


class Residual(nn.Module):
    """d2l.Residual: 3x3 conv-BN-ReLU, 3x3 conv-BN, optional 1x1 shortcut conv."""

    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        if use_1x1conv:
            self.conv3 = nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides)
        else:
            self.conv3 = None
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)


def resnet18(num_classes, in_channels=1, width=64):
    """d2l.resnet18 with the channel counts scaled by width / 64."""

    def resnet_block(in_channels, out_channels, num_residuals, first_block=False):
        blk = []
        for i in range(num_residuals):
            if i == 0 and not first_block:
                blk.append(Residual(in_channels, out_channels, use_1x1conv=True, strides=2))
            else:
                blk.append(Residual(out_channels, out_channels))
        return nn.Sequential(*blk)

    c = [width, 2 * width, 4 * width, 8 * width]
    net = nn.Sequential(
        nn.Conv2d(in_channels, c[0], kernel_size=3, stride=1, padding=1),
        nn.BatchNorm2d(c[0]),
        nn.ReLU())
    net.add_module('resnet_block1', resnet_block(c[0], c[0], 2, first_block=True))
    net.add_module('resnet_block2', resnet_block(c[0], c[1], 2))
    net.add_module('resnet_block3', resnet_block(c[1], c[2], 2))
    net.add_module('resnet_block4', resnet_block(c[2], c[3], 2))
    net.add_module('global_avg_pool', nn.AdaptiveAvgPool2d((1, 1)))
    net.add_module('fc', nn.Sequential(nn.Flatten(), nn.Linear(c[3], num_classes)))
    return net


def init_weights(m):
    """d2l's init_weights."""
    if type(m) == nn.Linear or type(m) == nn.Conv2d:
        nn.init.xavier_uniform_(m.weight)


GRAD_NAMES = [
    '0.weight',                        # stem conv kernel
    '0.bias',                          # stem conv bias
    '1.weight',                        # stem BN gamma
    'resnet_block2.0.bn1.weight',      # a BN gamma in a strided block
    'resnet_block3.0.conv3.weight',    # a 1x1 stride-2 shortcut kernel
    'resnet_block4.1.bn2.bias',        # the last BN beta
    'fc.1.weight',                     # dense kernel
    'fc.1.bias',                       # dense bias
]
RUNNING_BNS = ['1', 'resnet_block2.0.bn1', 'resnet_block4.1.bn2']


def main():
    torch.manual_seed(SEED)
    net = resnet18(NUM_CLASSES, IN_CHANNELS, WIDTH)
    net.apply(init_weights)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.running_mean.uniform_(-0.3, 0.3)
                m.running_var.uniform_(0.5, 2.0)

    x = torch.randn(BATCH, IN_CHANNELS, INPUT_SIZE, INPUT_SIZE)
    labels = torch.tensor([3, 0, 9, 5][:BATCH])

    entries = []
    blobs = []
    offset = 0

    def add(name, t):
        nonlocal offset
        a = t.detach().to(torch.float32).contiguous().numpy()
        entries.append({'name': name, 'shape': list(a.shape), 'offset': offset, 'length': int(a.size)})
        blobs.append(a.astype('<f4').tobytes())
        offset += int(a.size)

    for name, t in net.state_dict().items():
        if name.endswith('num_batches_tracked'):
            continue
        add('state/' + name, t)
    add('input', x.permute(0, 2, 3, 1))

    net.eval()
    with torch.no_grad():
        add('eval_logits', net(x))

    train_net = copy.deepcopy(net)
    train_net.train()
    batch_count = {}
    modules = dict(train_net.named_modules())

    def count_hook(name):
        def hook(_module, inputs):
            n, _c, h, w = inputs[0].shape
            batch_count[name] = int(n * h * w)
        return hook

    for name in RUNNING_BNS:
        modules[name].register_forward_pre_hook(count_hook(name))
    logits = train_net(x)
    loss = nn.CrossEntropyLoss(reduction='mean')(logits, labels)
    loss.backward()
    params = dict(train_net.named_parameters())
    for name in GRAD_NAMES:
        add('grad/' + name, params[name].grad)
    buffers = dict(train_net.named_buffers())
    for name in RUNNING_BNS:
        add('running/' + name + '.running_mean', buffers[name + '.running_mean'])
        add('running/' + name + '.running_var', buffers[name + '.running_var'])

    manifest = {
        'description': "d2l ResNet-18 equality fixtures for @aug/models (scripts/make_fixtures.py)",
        'torch': torch.__version__,
        'seed': SEED,
        'config': {'width': WIDTH, 'inChannels': IN_CHANNELS, 'numClasses': NUM_CLASSES,
                   'inputSize': INPUT_SIZE, 'batch': BATCH},
        'loss': 'CrossEntropyLoss(reduction="mean")',
        'bnMomentum': 0.1,
        'bnEpsilon': 1e-5,
        'labels': labels.tolist(),
        'trainLoss': float(loss.item()),
        'batchCount': batch_count,
        'binary': STEM + '.bin',
        'dtype': 'float32-le',
        'entries': entries,
    }
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, STEM + '.bin'), 'wb') as f:
        for b in blobs:
            f.write(b)
    with open(os.path.join(OUT_DIR, STEM + '.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    print('wrote', len(entries), 'entries,', offset * 4, 'bytes; loss', loss.item())


if __name__ == '__main__':
    main()
