"""PyTorch peer of bench/run.mjs: the ResNet-18 of @aug/models on 32x32x3 inputs, CPU.

d2l's residual stages (d2l.ai chapter 8.6) with @aug/models' CIFAR stem: a 3x3 stride-1 conv,
BatchNorm and ReLU, no max-pool (d2l's 7x7 stride-2 stem + max-pool would do 16x less work).

Prints one JSON object: images/s of a training step (forward, CrossEntropyLoss, backward, SGD step)
at each batch size, of inference (eval mode, no_grad) at the inference batch size, and the GFLOPS of
two single 3x3 convolutions of the network (forward, no_grad, batch 32: 64 channels at 32x32 and 512
channels at 4x4), the peer of bench/run.mjs's convolution-rate rows.
With --kernels, also the GFLOPS of the forward, input-gradient and filter-gradient kernels alone.
Usage: python3 bench/torch_resnet18.py --batches 32,128 --infer 256 --steps 2 --threads 2 [--kernels] [--opt adam] [--steady 4]
"""
import argparse
import json
import time

import torch
from torch import nn
from torch.nn import functional as F


class Residual(nn.Module):
    def __init__(self, in_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(in_channels, num_channels, kernel_size=1, stride=strides) if use_1x1conv else None
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        if self.conv3 is not None:
            x = self.conv3(x)
        return F.relu(y + x)


def resnet_block(in_channels, num_channels, num_residuals, first_block=False):
    blk = []
    for i in range(num_residuals):
        if i == 0 and not first_block:
            blk.append(Residual(in_channels, num_channels, use_1x1conv=True, strides=2))
        else:
            blk.append(Residual(num_channels, num_channels))
    return blk


def resnet18(num_classes=10, in_channels=3):
    b1 = nn.Sequential(nn.Conv2d(in_channels, 64, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(64), nn.ReLU())
    b2 = nn.Sequential(*resnet_block(64, 64, 2, first_block=True))
    b3 = nn.Sequential(*resnet_block(64, 128, 2))
    b4 = nn.Sequential(*resnet_block(128, 256, 2))
    b5 = nn.Sequential(*resnet_block(256, 512, 2))
    return nn.Sequential(b1, b2, b3, b4, b5, nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(512, num_classes))


CONV_SHAPES = [(64, 32), (512, 4)]  # (channels, height = width); batch 32, 3x3, padding 1


def conv_gflops(steps):
    """GFLOPS (2 x multiply-adds) of one forward 3x3 convolution per shape in CONV_SHAPES."""
    out = {}
    with torch.no_grad():
        for c, hw in CONV_SHAPES:
            conv = nn.Conv2d(c, c, kernel_size=3, padding=1, bias=False)
            x = torch.randn(32, c, hw, hw)
            conv(x)
            t = time.perf_counter()
            for _ in range(steps * 5):
                conv(x)
            seconds = (time.perf_counter() - t) / (steps * 5)
            out[f'{c}x{hw}x{hw}'] = 2 * 32 * hw * hw * c * c * 9 / seconds / 1e9
    return out


def conv_kernel_gflops(steps):
    """GFLOPS of the three convolution kernels of a training step per shape in CONV_SHAPES (batch 32,
    3x3, padding 1): forward, input gradient and filter gradient, each alone through
    aten.convolution_backward's output mask (the peer of bench/run.mjs's kernel rows)."""
    out = {}
    for c, hw in CONV_SHAPES:
        x = torch.randn(32, c, hw, hw)
        w = torch.randn(c, c, 3, 3) * 0.05
        dy = torch.randn(32, c, hw, hw)
        flops = 2 * 32 * hw * hw * c * c * 9
        calls = {
            'forward': lambda: torch.ops.aten.convolution(x, w, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1),
            'input': lambda: torch.ops.aten.convolution_backward(dy, x, w, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, [True, False, False]),
            'filter': lambda: torch.ops.aten.convolution_backward(dy, x, w, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, [False, True, False]),
        }
        rates = {}
        with torch.no_grad():
            for name, call in calls.items():
                call()
                best = float('inf')
                for _ in range(steps * 3):
                    t = time.perf_counter()
                    call()
                    best = min(best, time.perf_counter() - t)
                rates[name] = flops / best / 1e9
        out[f'{c}x{hw}x{hw}'] = rates
    return out


# Steps run before the steady-state timing (--steady), after the first warm-up and the timed steps: both
# processes' memory grows over the first steps (aug's glibc heap for ~7 steps at batch 32: 900 -> 1,200 MB,
# each fresh page a fault that this VM charges 3-4 s/GiB for), so the first steps are slower than training's.
STEADY_WARMUP = 6


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--batches', default='32,128')
    p.add_argument('--infer', type=int, default=256)
    p.add_argument('--steps', type=int, default=2)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--kernels', action='store_true', help='also time the three convolution kernels alone')
    p.add_argument('--opt', default='sgd', choices=['sgd', 'adam'], help='the optimizer of the training step (adam: lr 1e-3, the main job)')
    p.add_argument('--steady', type=int, default=0,
                   help='also time this many steps after %d more warm-up steps (train_steady: the rate once memory stops growing)' % STEADY_WARMUP)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = resnet18()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3) if a.opt == 'adam' else torch.optim.SGD(net.parameters(), lr=0.05)
    loss_fn = nn.CrossEntropyLoss()
    out = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'train': {}, 'infer': None, 'infer_fused': None,
           'conv': conv_gflops(a.steps)}
    if a.kernels:
        out['kernels'] = conv_kernel_gflops(a.steps)
    for b in [int(s) for s in a.batches.split(',') if s]:
        x = torch.randn(b, 3, 32, 32)
        y = torch.arange(b) % 10
        net.train()

        def step():
            opt.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()

        step()  # warm-up
        t = time.perf_counter()
        for _ in range(a.steps):
            step()
        out['train'][str(b)] = b * a.steps / (time.perf_counter() - t)
        if a.steady > 0:
            for _ in range(STEADY_WARMUP):
                step()
            t = time.perf_counter()
            for _ in range(a.steady):
                step()
            out.setdefault('train_steady', {})[str(b)] = b * a.steady / (time.perf_counter() - t)
    if a.infer > 0:
        net.eval()
        x = torch.randn(a.infer, 3, 32, 32)

        def images_per_second(model):
            with torch.no_grad():
                model(x)  # warm-up
                t = time.perf_counter()
                for _ in range(a.steps):
                    model(x)
                return a.infer * a.steps / (time.perf_counter() - t)

        out['infer'] = images_per_second(net)
        # The peer of aug's fuseConvBnEval: torch.fx's conv-bn fusion of the eval-mode network (its
        # fuse() folds BatchNorm into the convolutions; ReLU stays a separate op in eager PyTorch).
        from torch.fx.experimental.optimization import fuse
        out['infer_fused'] = images_per_second(fuse(net))
    print(json.dumps(out))


if __name__ == '__main__':
    main()
