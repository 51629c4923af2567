"""PyTorch peer of the device kit's WebGPU speed step: the same d2l ResNet-18 on the same GPU.

The model is packages/backend/bench/torch_resnet18.py's (imported, not copied): @aug/models' resnet18,
3x3 stride-1 stem, no max-pool, 11,176,970 parameters at width 64 (checked at start). Each mode times
a training step (forward, summed CrossEntropyLoss as the seed, backward, Adam lr 1e-3: the seed's
optimizer, as the WebGPU step) at each batch size, and inference (eval mode, no_grad) at one batch,
on synthetic 32x32x3 inputs:

- fp32: PyTorch's defaults (cuDNN may use TF32 for convolutions on Ampere and newer: allow_tf32).
- fp32_strict: TF32 off for convolutions and matmuls (the arithmetic WebGPU's fp32 shaders do).
- channels_last_amp: channels_last memory format + autocast float16 with a GradScaler (CUDA), the
  realistic PyTorch user's setting (bfloat16 autocast on the CPU, for --smoke runs only).

Steps are timed between torch.cuda.synchronize() calls after warm-up steps. The results JSON is
rewritten after every measurement, so a run stopped by its time limit keeps what it measured.
Usage: python3 torch_gpu.py --out torch.json [--device cuda|cpu|auto] [--batches 256,32] [--infer 256]
"""
import argparse
import json
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
# In the kit torch_resnet18.py sits next to this file; in the repo it is in packages/backend/bench.
sys.path[:0] = [HERE, os.path.join(HERE, '..', '..', 'packages', 'backend', 'bench')]

import torch  # noqa: E402
from torch import nn  # noqa: E402

from torch_resnet18 import resnet18, resnet_block  # noqa: E402

PARAMS_WIDTH_64 = 11_176_970
MODES = ('fp32', 'fp32_strict', 'channels_last_amp')


def resnet18_width(width):
    """torch_resnet18.resnet18 with its channels scaled (width 64 is that function's model itself)."""
    if width == 64:
        return resnet18()
    w = width
    b1 = nn.Sequential(nn.Conv2d(3, w, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(w), nn.ReLU())
    return nn.Sequential(b1, nn.Sequential(*resnet_block(w, w, 2, first_block=True)),
                         nn.Sequential(*resnet_block(w, 2 * w, 2)), nn.Sequential(*resnet_block(2 * w, 4 * w, 2)),
                         nn.Sequential(*resnet_block(4 * w, 8 * w, 2)), nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),
                         nn.Linear(8 * w, 10))


def sync(device):
    if device.type == 'cuda':
        torch.cuda.synchronize()


def grad_scaler(device):
    if device.type != 'cuda':
        return None
    if hasattr(torch, 'amp') and hasattr(torch.amp, 'GradScaler'):
        return torch.amp.GradScaler('cuda')
    return torch.cuda.amp.GradScaler()


def _new_tf32_api():
    """PyTorch >= 2.9 sets TF32 through fp32_precision ('tf32' / 'ieee'); the allow_tf32 flags are legacy
    there, and mixing the two APIs is an error, so use the new one wherever it exists."""
    try:  # older torch.backends.cuda.matmul raises AssertionError, not AttributeError, for unknown names
        torch.backends.cuda.matmul.fp32_precision  # noqa: B018
        torch.backends.cudnn.conv.fp32_precision  # noqa: B018
        return True
    except Exception:  # noqa: BLE001
        return False


def tf32_state():
    if _new_tf32_api():
        return ('new', torch.backends.cudnn.conv.fp32_precision, torch.backends.cuda.matmul.fp32_precision)
    return ('legacy', torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32)


def set_tf32_state(state):
    kind, conv, matmul = state
    if kind == 'new':
        torch.backends.cudnn.conv.fp32_precision, torch.backends.cuda.matmul.fp32_precision = conv, matmul
    else:
        torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32 = conv, matmul


def disable_tf32():
    set_tf32_state(('new', 'ieee', 'ieee') if _new_tf32_api() else ('legacy', False, False))


def describe_tf32():
    kind, conv, matmul = tf32_state()
    return {'api': 'fp32_precision' if kind == 'new' else 'allow_tf32', 'conv': conv, 'matmul': matmul}


def timed(fn, device, warmup, steps, min_seconds):
    """Warm-up calls, then at least `steps` timed calls and at least `min_seconds` (at most 10x steps)."""
    t = time.perf_counter()
    fn()
    sync(device)
    first = time.perf_counter() - t
    for _ in range(warmup - 1):
        fn()
    sync(device)
    done = 0
    t0 = time.perf_counter()
    while done < steps or (time.perf_counter() - t0 < min_seconds and done < 10 * steps):
        fn()
        done += 1
        if done % 5 == 0:
            sync(device)
    sync(device)
    return first, done, time.perf_counter() - t0


def measure_mode(mode, device, a, record):
    default_tf32 = tf32_state()
    if mode == 'fp32_strict':
        disable_tf32()
    amp = mode == 'channels_last_amp'
    fmt = torch.channels_last if amp else torch.contiguous_format
    amp_dtype = torch.float16 if device.type == 'cuda' else torch.bfloat16
    out = {'train': {}, 'infer': None,
           'tf32': describe_tf32(),
           'memoryFormat': 'channels_last' if amp else 'contiguous',
           'autocast': str(amp_dtype).replace('torch.', '') if amp else None,
           'gradScaler': amp and device.type == 'cuda'}
    record['modes'][mode] = out
    try:
        for b in a.batches:
            torch.manual_seed(0)
            net = resnet18_width(a.width).to(device).to(memory_format=fmt)
            opt = torch.optim.Adam(net.parameters(), lr=1e-3)
            loss_fn = nn.CrossEntropyLoss(reduction='sum')
            scaler = grad_scaler(device) if amp else None
            x = torch.rand(b, 3, 32, 32, device=device).to(memory_format=fmt)
            y = torch.arange(b, device=device) % 10
            net.train()

            def step():
                opt.zero_grad(set_to_none=True)
                with torch.autocast(device_type=device.type, dtype=amp_dtype, enabled=amp):
                    loss = loss_fn(net(x), y)
                if scaler is not None:
                    scaler.scale(loss).backward()
                    scaler.step(opt)
                    scaler.update()
                else:
                    loss.backward()
                    opt.step()

            first, n, seconds = timed(step, device, a.warmup, a.steps, a.min_seconds)
            out['train'][str(b)] = {'batch': b, 'imagesPerSec': round(b * n / seconds, 2),
                                    'msPerStep': round(1000 * seconds / n, 3), 'steps': n,
                                    'firstStepSeconds': round(first, 3)}
            print(f'torch {mode} train batch {b}: {b * n / seconds:.1f} img/s ({1000 * seconds / n:.2f} ms/step)',
                  flush=True)
            write(a.out, record)
            del net, opt, x, y
        if a.infer > 0:
            torch.manual_seed(0)
            net = resnet18_width(a.width).to(device).to(memory_format=fmt).eval()
            x = torch.rand(a.infer, 3, 32, 32, device=device).to(memory_format=fmt)

            def infer():
                with torch.no_grad(), torch.autocast(device_type=device.type, dtype=amp_dtype, enabled=amp):
                    net(x)

            first, n, seconds = timed(infer, device, a.warmup, a.steps, a.min_seconds)
            out['infer'] = {'batch': a.infer, 'imagesPerSec': round(a.infer * n / seconds, 2),
                            'msPerBatch': round(1000 * seconds / n, 3), 'steps': n, 'firstStepSeconds': round(first, 3)}
            print(f'torch {mode} inference batch {a.infer}: {a.infer * n / seconds:.1f} img/s', flush=True)
            write(a.out, record)
    finally:
        set_tf32_state(default_tf32)


def write(path, record):
    tmp = f'{path}.tmp-{os.getpid()}'
    with open(tmp, 'w') as f:
        json.dump(record, f, indent=2)
        f.write('\n')
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', required=True)
    p.add_argument('--device', default='cuda', choices=['cuda', 'cpu', 'auto'])
    p.add_argument('--batches', default='256,32')
    p.add_argument('--infer', type=int, default=256)
    p.add_argument('--width', type=int, default=64)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--steps', type=int, default=20)
    p.add_argument('--min-seconds', type=float, default=1.0)
    p.add_argument('--modes', default=','.join(MODES))
    a = p.parse_args()
    a.batches = [int(s) for s in a.batches.split(',') if s]
    modes = [m for m in a.modes.split(',') if m]
    bad = [m for m in modes if m not in MODES]
    if bad:
        p.error(f'--modes: unknown {bad}; choose from {list(MODES)}')

    record = {'ok': False, 'torch': torch.__version__, 'model': 'torch_resnet18.resnet18 (d2l, 3x3 stem, no max-pool)',
              'width': a.width, 'optimizer': 'Adam lr 1e-3', 'loss': 'CrossEntropyLoss(reduction=sum)',
              'inferBatch': a.infer, 'modes': {}, 'errors': []}
    params = sum(q.numel() for q in resnet18().parameters() if q.requires_grad)
    record['paramsWidth64'] = params
    if params != PARAMS_WIDTH_64:
        record['errors'].append({'what': 'model', 'message': f'torch_resnet18.resnet18 has {params} parameters, '
                                                             f'@aug/models resnet18 has {PARAMS_WIDTH_64}'})
    if a.device == 'auto':
        a.device = 'cuda' if torch.cuda.is_available() else 'cpu'
    if a.device == 'cuda' and not torch.cuda.is_available():
        record['errors'].append({'what': 'device', 'message': 'torch.cuda.is_available() is False: no CUDA device '
                                                              'for PyTorch here (pass --device cpu to time the CPU)'})
        write(a.out, record)
        print(record['errors'][-1]['message'], file=sys.stderr)
        return 1
    device = torch.device(a.device)
    record['device'] = a.device
    if device.type == 'cuda':
        record['gpu'] = torch.cuda.get_device_name(0)
        record['cuda'] = torch.version.cuda
        record['cudnn'] = torch.backends.cudnn.version()
        record['cudnnBenchmark'] = torch.backends.cudnn.benchmark
    else:
        record['threads'] = torch.get_num_threads()
    print(f"torch {torch.__version__} on {record.get('gpu', 'cpu')}, width {a.width}, params(width 64) {params}",
          flush=True)
    write(a.out, record)
    for mode in modes:
        try:
            measure_mode(mode, device, a, record)
        except Exception as e:  # one mode failing (e.g. out of memory) still leaves the others
            record['errors'].append({'what': mode, 'message': f'{type(e).__name__}: {e}',
                                     'stack': traceback.format_exc(limit=4)})
            print(f'torch {mode} failed: {e}', file=sys.stderr, flush=True)
        write(a.out, record)
    record['ok'] = not record['errors']
    write(a.out, record)
    return 0 if record['ok'] else 1


if __name__ == '__main__':
    sys.exit(main())
