#!/usr/bin/env python3
"""Builds schema-valid TravelerManifest files of any size from Samples/manifest-passenger.xml.

    make_corpus.py big OUT.xml SIZE_MB        one manifest of about SIZE_MB megabytes
    make_corpus.py many DIR COUNT SIZE_KB     COUNT manifests of about SIZE_KB kilobytes each

Travellers are the sample's, repeated with unique references and document numbers, so the
files pass the business rules too; written incrementally, so a 1 GB file needs no more memory
than a small one.
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
sample = (root / "Samples" / "manifest-passenger.xml").read_text(encoding="utf-8")
head, rest = sample.split("<Travelers>", 1)
body, tail = rest.split("</Travelers>", 1)
travelers = re.findall(r"    <Traveler reference=.*?</Traveler>\n", body, flags=re.S)
tail = re.sub(r"<Passengers>\d+</Passengers>", "<Passengers>{count}</Passengers>", tail)
tail = re.sub(r"<Crew>\d+</Crew>", "<Crew>0</Crew>", tail)


def write_manifest(path, target_bytes, tag):
    count = 0
    size = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(head + "<Travelers>\n")
        while size < target_bytes:
            block = travelers[count % len(travelers)]
            block = re.sub(r'reference="[^"]*"', f'reference="{tag}-{count:07d}"', block, count=1)
            if count >= len(travelers):
                # Copies get their own document numbers (business rules require unique documents);
                # their MRZ would no longer match, so copies carry none.
                block = re.sub(r"<Number>([A-Z0-9]{1,13})</Number>", lambda m: f"<Number>{m.group(1)}{count:07d}</Number>", block)
                block = re.sub(r"\s*<MRZ>.*?</MRZ>", "", block, flags=re.S)
            out.write(block)
            size += len(block.encode("utf-8"))
            count += 1
        # Transit travellers count as passengers in the sample; keep totals consistent.
        out.write("  </Travelers>" + tail.format(count=count))
    return count


def main():
    kind = sys.argv[1]
    if kind == "big":
        n = write_manifest(sys.argv[2], int(float(sys.argv[3]) * 1_000_000), "B")
        print(f"{sys.argv[2]}: {n} travellers")
    elif kind == "many":
        directory = pathlib.Path(sys.argv[2])
        directory.mkdir(parents=True, exist_ok=True)
        count, size_kb = int(sys.argv[3]), float(sys.argv[4])
        for i in range(count):
            write_manifest(directory / f"m{i:05d}.xml", int(size_kb * 1000) - len(head) - len(tail), f"M{i}")
        print(f"{directory}: {count} files")
    else:
        sys.exit(__doc__)


main()
