"""Writes test/fixtures/sampler-goldens.json: the indices torch.utils.data.distributed.DistributedSampler
gives each rank with shuffle=False, for several (n, num_replicas, drop_last) cases, including padded
(n % num_replicas != 0, drop_last=False) and cut (drop_last=True) ones.

Run from packages/data: /usr/bin/python3 scripts/make_sampler_goldens.py   (Debian's torch 1.13)
"""
import json
import os

import torch
from torch.utils.data.distributed import DistributedSampler

CASES = [
    (10, 3, False),
    (10, 3, True),
    (12, 4, False),
    (12, 4, True),
    (7, 2, False),
    (7, 2, True),
    (5, 8, False),  # more replicas than samples: padding repeats the order more than once
    (5, 8, True),  # num_samples = ceil((5 - 8) / 8) = 0
    (1, 1, False),
    (17, 5, False),
    (17, 5, True),
    (0, 2, False),
]


def main():
    out = {"torch": torch.__version__, "cases": []}
    for n, replicas, drop_last in CASES:
        shards = []
        for rank in range(replicas):
            sampler = DistributedSampler(list(range(n)), num_replicas=replicas, rank=rank, shuffle=False, drop_last=drop_last)
            shards.append([int(i) for i in sampler])
            assert len(sampler) == len(shards[-1])
        out["cases"].append({"n": n, "numReplicas": replicas, "dropLast": drop_last, "numSamples": len(shards[0]), "shards": shards})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "sampler-goldens.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {len(CASES)} cases to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
