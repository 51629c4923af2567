#!/usr/bin/env python3
"""Writes the image I/O fixtures of @aug/data: small pictures in every PNG flavour, JPEG variants, GIF and
WebP, all made from real CIFAR-10 pictures, plus the pixels PIL 9.4 decodes from each file in each read mode.

Run from the repository root (needs PIL 9.4 + numpy; torchvision is not needed):
    /usr/bin/python3 packages/data/scripts/make_io_goldens.py [path/to/cifar-10-dev.tar.gz]

Outputs in packages/data/test/fixtures/io/:
    <name>.<ext>          the encoded fixture files
    manifest.json         one entry per file: format, size, and per mode {channels, offset, length}
    expected.bin.gz       the expected uint8 HWC pixels, concatenated (offsets into the uncompressed bytes)

The expected pixels for mode m are PIL's Image.open(f).convert(M) with M = L, LA, RGB, RGBA for
'gray', 'gray-alpha', 'rgb', 'rgba'; 'unchanged' is the file's own mode mapped to those (1 -> L, I (16-bit
gray) -> L, P -> RGB, or RGBA when the file has transparency, CMYK -> RGB; a 16-bit gray + alpha PNG, which
PIL opens as RGBA, -> LA). EXIF fixtures also carry
'rgb-upright' = ImageOps.exif_transpose(im).convert('RGB').
"""
import gzip
import io
import json
import os
import struct
import sys
import tarfile
import zlib

import numpy as np
from PIL import Image, ImageCms, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'io')
TAR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'cifar-10-dev.tar.gz')


def cifar_pictures(indices):
    with tarfile.open(TAR) as tar:
        member = tar.getmember('cifar-10-batches-bin/data_batch_1.bin')
        raw = tar.extractfile(member).read()
    pics = []
    for i in indices:
        rec = np.frombuffer(raw, dtype=np.uint8, count=3073, offset=i * 3073)
        pics.append(rec[1:].reshape(3, 32, 32).transpose(1, 2, 0).copy())  # R, G, B planes -> HWC
    return pics


# ---- a minimal PNG writer for what PIL cannot write (2/4-bit gray, 16-bit colour, Adam7 interlacing) ----
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_row(samples, depth):
    if depth == 8:
        return bytes(int(v) for v in samples)
    if depth == 16:
        return b''.join(struct.pack('>H', int(v)) for v in samples)
    out, acc, nbits = bytearray(), 0, 0
    for v in samples:
        acc = (acc << depth) | int(v)
        nbits += depth
        if nbits == 8:
            out.append(acc)
            acc, nbits = 0, 0
    if nbits:
        out.append(acc << (8 - nbits))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_rows(rows, bpp):
    """Filters rows with types cycling 0..4 so that every PNG filter is exercised."""
    out = bytearray()
    prev = bytes(len(rows[0])) if rows else b''
    for y, row in enumerate(rows):
        ftype = y % 5
        f = bytearray()
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]
            f.append((x - pred) & 0xFF)
        out.append(ftype)
        out += f
        prev = row
    return bytes(out)


def write_png(path, samples, depth, color_type, palette=None, trns=None, interlace=False, exif=None):
    h, w = samples.shape[:2]
    ch = 1 if samples.ndim == 2 else samples.shape[2]
    bpp = max(1, ch * depth // 8)
    raw = bytearray()
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for (x0, y0, dx, dy) in passes:
        sub = samples[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        rows = [pack_row(sub[y].reshape(-1), depth) for y in range(sub.shape[0])]
        raw += filter_rows(rows, bpp)
    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, color_type, 0, 0, 1 if interlace else 0))
    if palette is not None:
        png += chunk(b'PLTE', bytes(palette))
    if trns is not None:
        png += chunk(b'tRNS', bytes(trns))
    if exif is not None:
        png += chunk(b'eXIf', exif)
    png += chunk(b'IDAT', zlib.compress(bytes(raw), 9)) + chunk(b'IEND', b'')
    with open(path, 'wb') as f:
        f.write(png)


def tiny_exif(orientation):
    """A TIFF block (big-endian) with only IFD0's Orientation tag."""
    return b'MM\x00\x2a' + struct.pack('>I', 8) + struct.pack('>H', 1) + struct.pack('>HHIHH', 0x0112, 3, 1, orientation, 0) + struct.pack('>I', 0)


UNCHANGED = {'1': 'L', 'L': 'L', 'I': 'L', 'I;16': 'L', 'LA': 'LA', 'RGB': 'RGB', 'RGBA': 'RGBA', 'CMYK': 'RGB'}
MODES = {'gray': 'L', 'gray-alpha': 'LA', 'rgb': 'RGB', 'rgba': 'RGBA'}


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    a, b, c, d, e = cifar_pictures([0, 1, 2, 3, 7])
    big = np.asarray(Image.fromarray(d).resize((64, 48), Image.BICUBIC))  # 64 wide, 48 high: chroma blocks
    odd = np.asarray(Image.fromarray(e).resize((37, 29), Image.BICUBIC))  # odd sizes for Adam7 and 4:2:0 edges
    yy, xx = np.mgrid[0:32, 0:32]
    alpha = ((xx * 8 + yy * 3) % 256).astype(np.uint8)  # 0, 255 and everything between
    alpha[0, :4] = [0, 255, 1, 128]

    manifest = []
    blob = bytearray()

    def add(name, expect_modes=('unchanged', 'gray', 'gray-alpha', 'rgb', 'rgba'), upright=False):
        path = os.path.join(OUT, name)
        im = Image.open(path)
        im.load()
        entry = {'file': name, 'format': im.format.lower(), 'pilMode': im.mode, 'width': im.width, 'height': im.height, 'modes': {}}
        for m in expect_modes:
            if m == 'unchanged' and entry['format'] == 'png' and open(path, 'rb').read()[25] == 4:
                target = 'LA'  # PIL opens 16-bit gray + alpha as RGBA; the file's own channels are LA
            elif m == 'unchanged':
                target = UNCHANGED.get(im.mode) or ('RGBA' if 'transparency' in im.info else 'RGB')
            else:
                target = MODES[m]
            px = np.asarray(im.convert(target), dtype=np.uint8)
            entry['modes'][m] = {'channels': 1 if px.ndim == 2 else px.shape[2], 'offset': len(blob), 'length': px.size}
            blob.extend(px.tobytes())
        if upright:
            px = np.asarray(ImageOps.exif_transpose(im).convert('RGB'), dtype=np.uint8)
            entry['modes']['rgb-upright'] = {'channels': 3, 'offset': len(blob), 'length': px.size, 'height': px.shape[0], 'width': px.shape[1]}
            blob.extend(px.tobytes())
        manifest.append(entry)

    def save(arr_or_im, name, **kw):
        im = arr_or_im if isinstance(arr_or_im, Image.Image) else Image.fromarray(arr_or_im)
        im.save(os.path.join(OUT, name), **kw)

    # ---- PNG: written by PIL ----
    save(a, 'rgb.png')
    add('rgb.png')
    save(np.dstack([b, alpha]), 'rgba.png')
    add('rgba.png')
    save(Image.fromarray(c).convert('L'), 'gray8.png')
    add('gray8.png')
    save(Image.fromarray(c).convert('1'), 'gray1.png')
    add('gray1.png')
    save(np.dstack([np.asarray(Image.fromarray(a).convert('L')), alpha]), 'gray-alpha.png')
    add('gray-alpha.png')
    pal = Image.fromarray(b).quantize(colors=48)
    save(pal, 'palette8.png')
    add('palette8.png')
    pal16 = Image.fromarray(c).quantize(colors=16)
    save(pal16, 'palette4.png', bits=4)
    add('palette4.png')
    trns = bytes((i * 37) % 256 for i in range(48))
    pal_t = Image.fromarray(a).quantize(colors=48)
    save(pal_t, 'palette-trns.png', transparency=trns)
    add('palette-trns.png')
    gray_t = Image.fromarray(c).convert('L')
    save(gray_t, 'gray-trns.png', transparency=int(np.asarray(gray_t)[5, 5]))
    add('gray-trns.png')
    rgb_t = Image.fromarray(a)
    save(rgb_t, 'rgb-trns.png', transparency=tuple(int(v) for v in a[3, 3]))
    add('rgb-trns.png')
    # ---- PNG: written here (PIL cannot write these) ----
    gray = np.asarray(Image.fromarray(b).convert('L')).astype(np.uint32)
    write_png(os.path.join(OUT, 'gray2.png'), (gray >> 6).astype(np.uint8), 2, 0)
    add('gray2.png')
    write_png(os.path.join(OUT, 'gray4.png'), (gray >> 4).astype(np.uint8), 4, 0)
    add('gray4.png')
    g16 = (gray * 257 + (np.arange(32)[None, :] % 7)).astype(np.uint32)  # full 16-bit range
    g16[0, :3] = [0, 200, 255]  # values PIL keeps (<= 255)
    write_png(os.path.join(OUT, 'gray16.png'), g16, 16, 0)
    add('gray16.png')
    rgb16 = np.minimum(d.astype(np.uint32) * 257 + (np.arange(32)[None, :, None] % 5) * 31, 65535)
    write_png(os.path.join(OUT, 'rgb16.png'), rgb16, 16, 2)
    add('rgb16.png')
    rgba16 = np.dstack([e.astype(np.uint32) * 257 + 100, alpha.astype(np.uint32) * 257 + 3])
    write_png(os.path.join(OUT, 'rgba16.png'), np.minimum(rgba16, 65535), 16, 6)
    add('rgba16.png')
    la16 = np.dstack([gray * 256 + 255 - gray, alpha.astype(np.uint32) * 256 + 17])
    write_png(os.path.join(OUT, 'gray-alpha16.png'), la16, 16, 4)
    add('gray-alpha16.png')
    write_png(os.path.join(OUT, 'interlaced-rgb.png'), odd, 8, 2, interlace=True)
    add('interlaced-rgb.png')
    oddq = Image.fromarray(odd).quantize(colors=4)
    plte = list(oddq.getpalette()[:12])
    write_png(os.path.join(OUT, 'interlaced-palette2.png'), np.asarray(oddq), 2, 3, palette=plte, trns=[255, 0, 128], interlace=True)
    add('interlaced-palette2.png')
    odd1 = (np.asarray(Image.fromarray(odd).convert('L')) > 110).astype(np.uint8)
    write_png(os.path.join(OUT, 'interlaced-gray1.png'), odd1, 1, 0, interlace=True)
    add('interlaced-gray1.png')
    oddla = np.dstack([np.asarray(Image.fromarray(odd).convert('L')), np.asarray(Image.fromarray(odd).convert('L'))[::-1]])
    write_png(os.path.join(OUT, 'interlaced-gray-alpha16.png'), oddla.astype(np.uint32) * 257, 16, 4, interlace=True)
    add('interlaced-gray-alpha16.png')
    write_png(os.path.join(OUT, 'exif6.png'), big, 8, 2, exif=tiny_exif(6))
    add('exif6.png', ('unchanged',), upright=True)

    # an embedded ICC profile (here a Lab one) changes nothing for PIL, which ignores it
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile('LAB')).tobytes()
    save(a, 'icc-profile.png', icc_profile=icc)
    add('icc-profile.png', ('unchanged', 'rgb'))

    # ---- JPEG (libjpeg-turbo through PIL) ----
    save(big, 'icc-profile.jpg', quality=90, icc_profile=icc)
    add('icc-profile.jpg', ('rgb',))
    save(big, 'baseline420.jpg', quality=90, subsampling=2)
    add('baseline420.jpg', ('unchanged', 'gray', 'rgb'))
    save(big, 'baseline444.jpg', quality=90, subsampling=0)
    add('baseline444.jpg', ('rgb',))
    save(odd, 'odd420.jpg', quality=85, subsampling=2)
    add('odd420.jpg', ('rgb',))
    save(big, 'progressive.jpg', quality=85, progressive=True)
    add('progressive.jpg', ('rgb',))
    save(Image.fromarray(big).convert('L'), 'gray.jpg', quality=90)
    add('gray.jpg', ('unchanged', 'rgb'))
    save(Image.fromarray(big).convert('CMYK'), 'cmyk.jpg', quality=90)
    add('cmyk.jpg', ('rgb',))
    for o in range(1, 9):
        ex = Image.Exif()
        ex[0x0112] = o
        save(big, f'exif{o}.jpg', quality=90, exif=ex.tobytes())
        add(f'exif{o}.jpg', ('rgb',), upright=True)

    # ---- GIF (first frame) and WebP ----
    frames = [Image.fromarray(x).quantize(colors=64) for x in (b, c)]
    frames[0].save(os.path.join(OUT, 'two-frames.gif'), save_all=True, append_images=frames[1:], duration=100)
    add('two-frames.gif', ('rgb', 'rgba'))
    save(np.dstack([a, alpha]), 'lossless.webp', lossless=True)
    add('lossless.webp', ('rgb', 'rgba'))
    save(big, 'lossy.webp', quality=80)
    add('lossy.webp', ('rgb',))

    # ---- a 256x256 JPEG for decode timings (no expected pixels) ----
    save(np.asarray(Image.fromarray(a).resize((256, 256), Image.BICUBIC)), 'bench-256.jpg', quality=90)

    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    with gzip.GzipFile(os.path.join(OUT, 'expected.bin.gz'), 'wb', compresslevel=9, mtime=0) as f:
        f.write(bytes(blob))
    total = sum(os.path.getsize(os.path.join(OUT, x)) for x in os.listdir(OUT))
    print(f'{len(manifest)} fixtures, {len(blob)} expected bytes, folder {total / 1024:.0f} KiB')


if __name__ == '__main__':
    main()
