"""Prints the segments pydifact reads from an EDIFACT file as JSON: [[tag, [[component, ...], ...]], ...].

An independent reader for the PAXLST we write (PyPI: pydifact). UNA is not listed.
"""
import json
import sys
import warnings

from pydifact.parser import Parser

warnings.simplefilter("ignore")

with open(sys.argv[1], encoding="utf-8") as handle:
    text = handle.read()

segments = []
for segment in Parser().parse(text):
    if segment.tag == "UNA":
        continue
    elements = [element if isinstance(element, list) else [element] for element in segment.elements]
    segments.append([segment.tag, elements])
json.dump(segments, sys.stdout)
