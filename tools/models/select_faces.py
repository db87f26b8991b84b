#!/usr/bin/python3
"""Prints the 20 faces-public photos used for verification and for the golden file
faces-public-canvas3.json (deterministic, from labels.csv):
  - for each of the 8 age bands of the data README (5-12, 13-15, 16-17, 18-20, 21-25, 26-29, 30-40,
    41-60) the 2 files whose SHA-256(file name) sorts first, then
  - the 4 files of race 1 (black, the rarest race in this set; it has no race-2 photos at all) not
    yet chosen whose SHA-256(file name) sorts first.
Usage: select_faces.py FACES_DIR   (prints one path per line)
"""
import csv
import hashlib
import os
import sys

BANDS = [(5, 12), (13, 15), (16, 17), (18, 20), (21, 25), (26, 29), (30, 40), (41, 60)]


def select(faces_dir):
    with open(os.path.join(faces_dir, 'labels.csv'), newline='') as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: hashlib.sha256(r['file'].encode('utf-8')).hexdigest())
    chosen = []
    for lo, hi in BANDS:
        chosen += [r['file'] for r in rows if lo <= int(r['age']) <= hi][:2]
    chosen += [r['file'] for r in rows if r['race'] == '1' and r['file'] not in chosen][:4]
    return chosen


if __name__ == '__main__':
    for name in select(sys.argv[1]):
        print(os.path.join(sys.argv[1], name))
