"""Benchmark: a family's share as QR frames, against the DCC-style baseline.

    python bench/qr.py [--repeats 3]

For each scenario in tests/fixtures and the presets "current" and "everything": the bundle
(signed, compressed, HPKE-encrypted to a begeleider) split into QR frames of at most
version 20-M (sync/frames.py: what a phone reads at arm's length), their number and QR versions, their total characters against the baseline
(plain CBOR of the same tables -> zlib level 9 -> base45, as the EU DCC does, with no
signature or encryption at all), and the time to read the plan back from rendered PNGs
(the app's QR reader on every frame, collect, decrypt, verify, decode the share): the part of
"camera to viewer" that is ours. Prints a markdown table; the targets are in DESIGN.md.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cbor2  # noqa: E402

from family_app.domain import load_scenario  # noqa: E402
from sync import base45, body  # noqa: E402
from sync.bundle import open_bundle, seal  # noqa: E402
from sync.frames import FrameCollector, split_frames  # noqa: E402
from sync.identity import Identity  # noqa: E402
from sync.qr_image import decode_image, qr_version, render_png  # noqa: E402
from sync.randomness import seeded  # noqa: E402
from sync.share_payload import Scope, build_share, decode_share, encode_share  # noqa: E402
from sync.zdict import PINS  # noqa: E402
from tests.helpers.data import SCENARIOS  # noqa: E402

TARGET_FRAMES = {"current": 2, "everything": 3}
TARGET_RATIO = 0.75
NOW = datetime(2026, 1, 20, 9, 0, tzinfo=timezone.utc)


def baseline_chars(tables: dict) -> int:
    return base45.encoded_length(len(zlib.compress(cbor2.dumps(tables), 9)))


def read_back(pngs: list[bytes], me: Identity) -> float:
    """Seconds from the frames' images to the decoded share (images in reverse order)."""
    start = time.perf_counter()
    collector = FrameCollector()
    for png in reversed(pngs):
        for text in decode_image(png):
            collector.add(text)
    decode_share(open_bundle(collector.bundle(), me=me, now=NOW).payload)
    return time.perf_counter() - start


def sealed_with_dictionary(*args, **kwargs) -> tuple[bytes, str]:
    """seal(...) and the name of the dictionary the writer chose for its body."""
    packed: list[bytes] = []
    choose = body.pack
    body.pack = lambda tree: packed.append(choose(tree)) or packed[-1]
    try:
        sealed = seal(*args, **kwargs)
    finally:
        body.pack = choose
    ident = body.dictionary_of(packed[0])[0]
    return sealed, f"{ident} {PINS[ident].language or 'mixed'}"


def measure(path: Path, preset: str, repeats: int) -> dict:
    tables = load_scenario(path).plan.to_tables()
    household = tables["household"][0]["name"]
    family = Identity.generate(household, rng=seeded(f"bench {household}"))
    begeleider = Identity.generate("Karin Mulder", "CJG Apeldoorn", rng=seeded("bench karin"))
    share = build_share(tables, Scope.preset(preset), plan_version=12)
    bundle, dictionary = sealed_with_dictionary(
        "share", encode_share(share), family, to=begeleider.public(),
        expires=NOW + timedelta(days=30), now=NOW, rng=seeded(f"bench {preset}"))
    frames = split_frames(bundle)
    pngs = [render_png(text) for text in frames]
    chars, baseline = sum(len(text) for text in frames), baseline_chars(share.tables)
    seconds = statistics.median(read_back(pngs, begeleider) for _ in range(repeats))
    return {"scenario": path.stem.removeprefix("scenario-"), "preset": preset,
            "frames": len(frames), "versions": [qr_version(text) for text in frames],
            "bundle": len(bundle), "dictionary": dictionary, "chars": chars,
            "baseline": baseline,
            "ratio": chars / baseline, "ms": seconds * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = [measure(path, preset, args.repeats)
            for path in SCENARIOS for preset in TARGET_FRAMES]
    print("| scenario | preset | frames (target) | QR versions (20-M max) | bundle bytes "
          "| dictionary | QR chars | baseline chars | ratio (target 0.75) | read back ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        frames_ok = "ok" if r["frames"] <= TARGET_FRAMES[r["preset"]] else "MISSED"
        ratio_ok = "ok" if r["ratio"] <= TARGET_RATIO else "MISSED"
        print(f"| {r['scenario']} | {r['preset']} | {r['frames']} (<= "
              f"{TARGET_FRAMES[r['preset']]}: {frames_ok}) | "
              f"{', '.join(map(str, r['versions']))} | {r['bundle']} | {r['dictionary']} | "
              f"{r['chars']} | "
              f"{r['baseline']} | {r['ratio']:.2f} ({ratio_ok}) | {r['ms']:.0f} |")
    print()
    print("QR chars: all frame texts, prefixes and frame headers included; the bundle holds "
          "~250 bytes the baseline has not (HPKE key and tag, Ed25519 signature and key, "
          "sender, bundle id). Read back: the app's QR reader (pyzbar) on the rendered PNGs + collect + open + "
          "decode, median of the repeats; camera capture itself is not included.")


if __name__ == "__main__":
    main()
